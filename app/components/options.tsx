/** The options of a select over named records (classes, subjects, students). */
export function Options({ items }: { items: { id: string; name: string }[] }) {
  return (
    <>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}
