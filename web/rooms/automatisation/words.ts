// How the room counts leads in French: « 1 lead », « 1 234 leads ».
import { formatNumber } from "../../state";

export const leadsWord = (n: number) => `${formatNumber(n)} lead${n > 1 ? "s" : ""}`;
