// Words that are never a lead's name nor a search text, French and English: articles, pronouns,
// prepositions, politeness, and the CRM's own nouns (« lead », « fiche », « prospect »).
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `le la les l un une des de du d au aux a en et ou pour par sur dans avec sans chez vers entre
  mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cet cette ces ca cela ceci
  qui que qu quoi quel quelle quels quelles lequel laquelle est sont es suis sera etait ete etre
  ai as avons avez ont avoir fait faire fais je j tu t il elle on nous vous ils elles me m te se s
  moi toi lui y ne n pas plus moins tres bien deja encore aussi alors donc mais car si oui non
  stp svp pls please merci max m.a.x hey salut bonjour
  the a an of to for in on at with and or my your his her their our is are be was were been
  me i you it its this that these those all any some please can could would will do does did
  lead leads prospect prospects client clients cliente clientes contact contacts fiche dossier
  monsieur madame mr mme m mlle`.split(/\s+/),
);
