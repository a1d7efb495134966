import { SectionTabs } from "~/components/section-tabs";
import { useViewer } from "~/utils/use-viewer";
import { visibleProjectTabs } from "./project-tabs";

/** The project's field pages as tabs (plain links; scrolls inside itself at phone width, never the page). */
export function ProjectTabs({ projectId }: { projectId: string }) {
  const permissions = useViewer()?.permissions ?? [];
  return <SectionTabs label="Project tabs" tabs={visibleProjectTabs(projectId, permissions)} />;
}
