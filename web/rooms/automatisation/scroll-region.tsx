// A wide table that scrolls sideways inside its own region on a phone: focusable and named, so a
// keyboard can scroll it too.
import type { ComponentChildren } from "preact";

export function ScrollRegion(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the keyboard's focus to scroll.
    <section class="table-scroll" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}
