import type { Simulation } from '../simulation';
import { Builder } from './builders';
import { configMaps, ingresses, quotas, secrets, services, storage } from './config';
import { namespaces, nodeEvents, nodes, storyTimeline } from './infrastructure';
import { workloads } from './workloads';

/**
 * Fills the simulation with the demo cluster: four namespaces, four nodes (one dead, one under memory
 * pressure) and an online shop with something wrong in most places a user would look.
 */
export function buildInventory(sim: Simulation): void {
  const b = new Builder(sim);
  const t = storyTimeline(b);
  namespaces(b, t);
  nodes(b, t);
  configMaps(b, t);
  secrets(b);
  services(b, t);
  ingresses(b);
  storage(b);
  quotas(b);
  workloads(b, t);
  nodeEvents(b, t);
}
