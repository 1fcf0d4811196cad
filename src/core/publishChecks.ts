/** The publish checks, where they used to be imported from: see checks/publish.ts and checks/urlConflicts.ts. */
export { publishFindings, shownDate } from './checks/publish';
export { destinationOf, summarizeDestination, judgeDestinations, urlConflicts } from './checks/urlConflicts';
export type { DestinationSummary } from './checks/urlConflicts';
