/**
 * One recorded step of an apply, put in plain words and placed on the diagram: which boxes and
 * which edge it travelled. Every caption is written from the event's own fields (verb, object,
 * outcome, latency, the scheduler's verdict); the diagram placement follows the same rules as live
 * traffic (a box named exactly, or the only box of its kind, or the elected leader).
 */
import type { ApplySequence, SequenceStep } from '../../../src-shared/apply-sequence';
import type { TraceEvent } from '../../../src-shared/trace';
import type { Architecture } from './architecture-model';
import { LABELS, normalizeComponent, type DiagramComponent } from './component-names';
import type { Endpoint } from './edge-activity';

export interface StepView {
  title: string;
  caption: string;
  from?: Endpoint;
  to?: Endpoint;
  /** A box the step also touched (a successful write reaches the store behind the API server). */
  also?: Endpoint;
}

export interface Highlight {
  boxes: string[];
  links: string[];
}

const ok = (e: TraceEvent) => typeof e.outcome === 'number' && e.outcome >= 200 && e.outcome < 300;
const took = (e: TraceEvent) => (e.latencyMs !== undefined ? ` (${e.latencyMs} ms)` : '');

function endpoint(
  component: string | undefined,
  instance: string | undefined,
): Endpoint | undefined {
  const c = normalizeComponent(component);
  if (!c) return undefined;
  return { component: c, ...(instance ? { instance } : {}) };
}

const kindOf: Record<string, string> = {
  deployments: 'Deployment',
  replicasets: 'ReplicaSet',
  pods: 'Pod',
};

/** Who a watcher is, in the words of the story. */
function watcher(c: DiagramComponent | undefined, resource: string): string {
  if (c === 'controller-manager')
    return resource === 'deployments'
      ? 'the deployment controller (in the controller manager)'
      : resource === 'replicasets'
        ? 'the ReplicaSet controller (in the controller manager)'
        : 'the ReplicaSet controller, which counts pods against replicas,';
  if (c === 'scheduler') return 'the scheduler';
  if (c === 'kubelet') return 'the kubelet';
  return c ? LABELS[c] : 'a watcher';
}

/**
 * Puts a step in words. `seq` names the applied object for its first step: a create carries the
 * name only in its body, so the request's own record has none.
 */
export function describeStep(
  step: SequenceStep,
  seq?: Pick<ApplySequence, 'name' | 'steps'>,
): StepView {
  const e = step.event;
  const obj = e.name ?? (seq && seq.steps[0]?.event === e ? seq.name : '');
  const kind = kindOf[e.resource ?? ''] ?? e.resource ?? 'object';
  const from = endpoint(
    e.from.component,
    e.from.instance ?? (isNodePart(e.from.component) ? step.node : undefined),
  );
  const to = e.to
    ? endpoint(
        e.to.component,
        e.to.instance ?? (isNodePart(e.to.component) ? step.node : undefined),
      )
    : undefined;
  const base = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const store: Endpoint = { component: 'store' };
  const who = from ? LABELS[from.component] : e.from.component;

  if (e.verb === 'watch-event') {
    const c = to?.component;
    const onNode = c === 'kubelet' && step.node ? ` on ${step.node}` : '';
    const why =
      c === 'scheduler' && e.resource === 'pods' && e.outcome === 'ADDED'
        ? ' It has no node yet, so it joins the scheduling queue.'
        : c === 'kubelet'
          ? ' The kubelet watches only pods bound to its node: this one is now its job.'
          : e.resource === 'deployments'
            ? ' It compares desired and actual state and finds no ReplicaSet for this template.'
            : e.resource === 'replicasets' && e.outcome === 'ADDED' && c === 'controller-manager'
              ? ' It sees 0 pods for the replicas wanted.'
              : '';
    return {
      ...base,
      title: `watch → ${c ? LABELS[c] : (e.to?.component ?? '?')}: ${kind} ${obj} ${String(e.outcome ?? '').toLowerCase()}`,
      caption: `The API server pushes ${e.outcome} ${kind} ${obj} down the watch of ${watcher(c, e.resource ?? '')}${onNode}.${why}`,
    };
  }
  if (e.verb === 'schedule') {
    const d = (e.detail ?? {}) as {
      node?: string;
      totalNodes?: number;
      feasibleNodes?: number;
      filtered?: Record<string, { plugin?: string }>;
    };
    const rejected = Object.entries(d.filtered ?? {})
      .map(([n, r]) => `${n} by ${r.plugin ?? 'a filter'}`)
      .join(', ');
    return {
      ...base,
      title: `schedule ${obj}`,
      caption:
        `The scheduler runs its filter and score plugins for pod ${obj}: ` +
        `${d.feasibleNodes ?? '?'} of ${d.totalNodes ?? '?'} nodes fit` +
        (rejected ? ` (rejected: ${rejected})` : '') +
        `; the best score is ${d.node ?? String(e.outcome)}${took(e)}.`,
    };
  }
  if (e.verb === 'bind') {
    const node = (e.detail?.['node'] as string | undefined) ?? step.node ?? '?';
    return {
      ...base,
      title: `bind ${obj} → ${node}`,
      caption: `The scheduler binds pod ${obj} to ${node}: it posts a Binding to the API server${took(e)}.`,
    };
  }
  if (normalizeComponent(e.to?.component) === 'runtime') {
    const on = step.node ?? e.from.instance ?? 'its node';
    const what: Record<string, string> = {
      RunPodSandbox: `to run the pod sandbox of ${step.pod}: the pause container that holds the pod's network namespace and IP`,
      PullImage: `to pull the image for ${step.pod}`,
      CreateContainer: `to create the container of ${step.pod} inside its sandbox`,
      StartContainer: `to start the container of ${step.pod}`,
    };
    return {
      ...base,
      title: `CRI ${e.verb}${step.pod ? ` · ${step.pod}` : ''}`,
      caption: `The kubelet on ${on} asks the container runtime (CRI ${e.verb}) ${what[e.verb] ?? ''}${took(e)}: ${e.outcome}.`,
    };
  }
  // A request to the API server.
  const status = `${e.verb.toUpperCase()} → ${e.outcome}`;
  const persisted = ok(e) ? { also: store } : {};
  if (e.subresource === 'binding') {
    return {
      ...base,
      ...persisted,
      title: `binding ${obj} stored`,
      caption: `The API server stores the binding (${status}): pod ${obj} now has spec.nodeName = ${step.node ?? '?'}${took(e)}.`,
    };
  }
  if (e.subresource === 'status') {
    return {
      ...base,
      ...persisted,
      title: `status of ${obj}`,
      caption: `The kubelet on ${step.node ?? '?'} reports pod ${obj}'s status to the API server (${status})${took(e)}; watchers see it change.`,
    };
  }
  const named = obj ? ` ${obj}` : '';
  const actor =
    from?.component === 'user'
      ? `${e.from.component} sends ${kind}${named}`
      : e.resource === 'replicasets'
        ? `The deployment controller ${e.verb === 'create' ? 'creates a ReplicaSet for the pod template' : `updates ReplicaSet${named} (replicas)`}`
        : e.resource === 'pods'
          ? 'The ReplicaSet controller creates a Pod from its template — no node yet'
          : `${who} ${e.verb}s ${kind}${named}`;
  return {
    ...base,
    ...persisted,
    title: `${e.verb} ${kind}${named}`,
    caption:
      `${actor} (${status})${took(e)}.` +
      (ok(e) ? ` The API server validates it and persists it in the store.` : ''),
  };
}

function isNodePart(component: string): boolean {
  const c = normalizeComponent(component);
  return c === 'kubelet' || c === 'runtime' || c === 'kube-proxy';
}

/** The boxes and the edge a step lights on a laid-out diagram. */
export function highlightFor(arch: Architecture, view: StepView): Highlight {
  const byComponent = (c: DiagramComponent) => arch.boxes.filter((b) => b.data.component === c);
  const resolve = (e: Endpoint | undefined): string[] => {
    if (!e) return [];
    const same = byComponent(e.component);
    // Instances are node names, or an elected identity "<node>_<suffix>".
    const node = e.instance?.split('_')[0];
    const exact = same.find((b) => b.data.instance === e.instance || b.data.instance === node);
    if (exact) return [exact.id];
    if (same.length === 1) return [same[0]!.id];
    const leaders = same.filter((b) => b.data.leader);
    if (leaders.length === 1) return [leaders[0]!.id];
    // Several API servers and no name: the edge that exists on the diagram decides (below).
    return same.map((b) => b.id);
  };
  const from = resolve(view.from);
  const to = resolve(view.to);
  const links: string[] = [];
  const pick = (a: string[], b: string[]): [string, string] | undefined => {
    for (const l of arch.links) {
      if (a.includes(l.source) && b.includes(l.target)) return [l.source, l.target];
      if (a.includes(l.target) && b.includes(l.source)) return [l.target, l.source];
    }
    return undefined;
  };
  const boxes = new Set<string>();
  const hop = pick(from, to);
  if (hop) {
    boxes.add(hop[0]).add(hop[1]);
    links.push(
      ...arch.links
        .filter((l) => hop.includes(l.source) && hop.includes(l.target))
        .map((l) => l.id),
    );
  } else {
    if (from.length === 1) boxes.add(from[0]!);
    if (to.length === 1) boxes.add(to[0]!);
  }
  if (view.also) {
    const api = [...boxes].filter(
      (b) => arch.boxes.find((x) => x.id === b)?.data.component === 'apiserver',
    );
    const second = pick(api, resolve(view.also));
    if (second) {
      boxes.add(second[1]);
      links.push(
        ...arch.links
          .filter((l) => second.includes(l.source) && second.includes(l.target))
          .map((l) => l.id),
      );
    }
  }
  return { boxes: [...boxes], links };
}
