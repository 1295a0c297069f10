// email-reply-parser 1.9 ships no types: the one call we use (the reply without its quoted history
// and signature).
declare module "email-reply-parser" {
  export default class EmailReplyParser {
    parseReply(text: string): string;
  }
}
