// A lead's page: contact, fields, tags, notes, consents, timeline, enrollments, score, analysis.
export function LeadPage(props: { id: number }) {
  return <p>Lead n°{props.id}.</p>;
}
