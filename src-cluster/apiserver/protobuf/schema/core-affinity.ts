/**
 * core/v1 scheduling constraints: node affinity, pod (anti-)affinity and their selector terms.
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import { i32, msg, msgP, msgs, str, strs, type MessageTable } from './types';

export const CORE_AFFINITY: MessageTable = {
  'core.Affinity': {
    1: msgP('nodeAffinity', 'core.NodeAffinity'),
    2: msgP('podAffinity', 'core.PodAffinity'),
    3: msgP('podAntiAffinity', 'core.PodAntiAffinity'),
  },
  'core.NodeAffinity': {
    1: msgP('requiredDuringSchedulingIgnoredDuringExecution', 'core.NodeSelector'),
    2: msgs('preferredDuringSchedulingIgnoredDuringExecution', 'core.PreferredSchedulingTerm'),
  },
  'core.NodeSelector': {
    1: msgs('nodeSelectorTerms', 'core.NodeSelectorTerm'),
  },
  'core.NodeSelectorTerm': {
    1: msgs('matchExpressions', 'core.NodeSelectorRequirement'),
    2: msgs('matchFields', 'core.NodeSelectorRequirement'),
  },
  'core.NodeSelectorRequirement': {
    1: str('key'),
    2: str('operator'),
    3: strs('values'),
  },
  'core.PreferredSchedulingTerm': {
    1: i32('weight'),
    2: msg('preference', 'core.NodeSelectorTerm'),
  },
  'core.PodAffinity': {
    1: msgs('requiredDuringSchedulingIgnoredDuringExecution', 'core.PodAffinityTerm'),
    2: msgs('preferredDuringSchedulingIgnoredDuringExecution', 'core.WeightedPodAffinityTerm'),
  },
  'core.PodAntiAffinity': {
    1: msgs('requiredDuringSchedulingIgnoredDuringExecution', 'core.PodAffinityTerm'),
    2: msgs('preferredDuringSchedulingIgnoredDuringExecution', 'core.WeightedPodAffinityTerm'),
  },
  'core.PodAffinityTerm': {
    1: msgP('labelSelector', 'meta.LabelSelector'),
    2: strs('namespaces'),
    3: str('topologyKey'),
    4: msgP('namespaceSelector', 'meta.LabelSelector'),
    5: strs('matchLabelKeys'),
    6: strs('mismatchLabelKeys'),
  },
  'core.WeightedPodAffinityTerm': {
    1: i32('weight'),
    2: msg('podAffinityTerm', 'core.PodAffinityTerm'),
  },
};
