/** The signed-in agent's availability in this project, always visible in the header. */
export function AvailabilitySwitch({ projectId }: { projectId: string }) {
  return <span data-project={projectId} />;
}
