// CSV for Excel: byte order mark, « ; », CRLF, quoting, and formulas kept as text.
import { describe, expect, it } from "vitest";
import { csvChunks, csvText, UTF8_BOM } from "../../src/domain/index.js";

describe("csvText", () => {
  it("quotes a cell holding the separator, a quote or a line break, and ends rows with CRLF", () => {
    expect(
      csvText([["Dupont; fils", 'dit "oui"', "deux\nlignes", "retour\rchariot", "a,b", "é", 12, null]]),
    ).toBe('"Dupont; fils";"dit ""oui""";"deux\nlignes";"retour\rchariot";a,b;é;12;\r\n');
  });

  it("keeps a cell that begins like a formula as text, with a leading apostrophe", () => {
    expect(csvText([['=HYPERLINK("http://x")', "+33612345678", "-2+3", "@SUM(A1)", "\tx", "a=b"]])).toBe(
      `"'=HYPERLINK(""http://x"")";'+33612345678;'-2+3;'@SUM(A1);'\tx;a=b\r\n`,
    );
  });

  it("writes « , » when asked", () => {
    expect(csvText([["a", "b,c"]], { delimiter: "," })).toBe('a,"b,c"\r\n');
  });
});

describe("csvChunks", () => {
  it("begins with the byte order mark and the header, then one chunk per page", () => {
    const chunks = [...csvChunks(["nom", "téléphone"], [[["Zoé", "+33 6"]], [], [["Noël", null]]])];
    expect(chunks).toEqual([`${UTF8_BOM}nom;téléphone\r\n`, "Zoé;'+33 6\r\n", "Noël;\r\n"]);
  });
});
