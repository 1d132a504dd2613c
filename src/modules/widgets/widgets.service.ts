/** The widget's start-up bundle, gathered from the areas that own each part. */
import type { ProjectRow } from '../../platform/db/tables.js';
import type { BotsService } from '../bots/bots.service.js';
import type { DepartmentsService } from '../departments/departments.service.js';
import type { ProjectsService } from '../projects/projects.service.js';

export interface WidgetsDeps {
  projects: ProjectsService;
  departments: DepartmentsService;
  bots: BotsService;
}

export function createWidgetsService(deps: WidgetsDeps) {
  return {
    /** Available agents (none while the project is closed), visible departments, bot rules. */
    async settingsFor(project: ProjectRow) {
      const [agents, departments, botsRules] = await Promise.all([
        deps.projects.availableAgents(project),
        deps.departments.list(project),
        deps.bots.widgetRules(project.id),
      ]);
      return { project, agents, departments, botsRules };
    },
  };
}
