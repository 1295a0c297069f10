// The rooms as links: the current one marked for assistive technologies (aria-current).
import { ROOMS, type RoomId } from "./state";

export function Nav(props: { current: RoomId }) {
  return (
    <nav class="rooms" aria-label="Espaces">
      <ul>
        {ROOMS.map((room) => (
          <li key={room.id}>
            <a href={`#/${room.id}`} aria-current={room.id === props.current ? "page" : undefined}>
              {room.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
