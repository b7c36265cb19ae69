import { useState } from 'react';

export function App() {
  const [events, setEvents] = useState<string[]>([]);
  const log = (line: string) => setEvents((lines) => [...lines, line]);
  return (
    <main>
      <h1>Product 42</h1>
      <kith-rating
        subject="product/42"
        onkith-change={(event) => log(`kith-change ${event.detail.value}`)}
        onkith-saved={(event) => log(`kith-saved ${event.detail.value} (${event.detail.summary.count} rating)`)}
      />
      <ol id="events">
        {events.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
