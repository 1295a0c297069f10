// The dashboard's entry point, bundled by esbuild when the server starts (src/http/app-bundle.ts).
import { render } from "preact";
import { App } from "./app";
import "./styles.css";

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
