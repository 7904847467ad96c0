/**
 * Small kinds kubectl 1.32 creates imperatively outside core/apps/batch/rbac: policy/v1 Eviction and PodDisruptionBudget, scheduling.k8s.io/v1 PriorityClass, networking.k8s.io/v1 Ingress, authentication.k8s.io/v1 TokenRequest (`kubectl create token`), autoscaling/v1
 * HorizontalPodAutoscaler (`kubectl autoscale`).
 * Field numbers and wire types are facts of upstream's generated.proto; this table is kubelab's own.
 */
import {
  bool,
  i32,
  i32P,
  i64,
  i64P,
  inline,
  msg,
  msgP,
  msgs,
  special,
  str,
  strP,
  strs,
  type MessageTable,
} from './types';

export const MISC: MessageTable = {
  'policy.Eviction': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msgP('deleteOptions', 'meta.DeleteOptions'),
  },
  'policy.PodDisruptionBudget': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'policy.PodDisruptionBudgetSpec'),
    3: msg('status', 'policy.PodDisruptionBudgetStatus'),
  },
  'policy.PodDisruptionBudgetSpec': {
    1: special('minAvailable', 'IntOrString', 'optional'),
    2: msgP('selector', 'meta.LabelSelector'),
    3: special('maxUnavailable', 'IntOrString', 'optional'),
    4: strP('unhealthyPodEvictionPolicy'),
  },
  'policy.PodDisruptionBudgetStatus': {
    1: i64('observedGeneration'),
    3: i32('disruptionsAllowed'),
    4: i32('currentHealthy'),
    5: i32('desiredHealthy'),
    6: i32('expectedPods'),
    7: msgs('conditions', 'meta.Condition'),
  },
  'scheduling.PriorityClass': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: i32('value'),
    3: bool('globalDefault'),
    4: str('description'),
    5: strP('preemptionPolicy'),
  },
  'networking.Ingress': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'networking.IngressSpec'),
    3: msg('status', 'networking.IngressStatus'),
  },
  'networking.IngressSpec': {
    1: msgP('defaultBackend', 'networking.IngressBackend'),
    2: msgs('tls', 'networking.IngressTLS'),
    3: msgs('rules', 'networking.IngressRule'),
    4: strP('ingressClassName'),
  },
  'networking.IngressTLS': {
    1: strs('hosts'),
    2: str('secretName'),
  },
  'networking.IngressRule': {
    1: str('host'),
    2: inline('networking.IngressRuleValue'),
  },
  'networking.IngressRuleValue': {
    1: msgP('http', 'networking.HTTPIngressRuleValue'),
  },
  'networking.HTTPIngressRuleValue': {
    1: msgs('paths', 'networking.HTTPIngressPath'),
  },
  'networking.HTTPIngressPath': {
    1: str('path'),
    2: msg('backend', 'networking.IngressBackend'),
    3: strP('pathType'),
  },
  'networking.IngressBackend': {
    3: msgP('resource', 'core.TypedLocalObjectReference'),
    4: msgP('service', 'networking.IngressServiceBackend'),
  },
  'networking.IngressServiceBackend': {
    1: str('name'),
    2: msg('port', 'networking.ServiceBackendPort'),
  },
  'networking.ServiceBackendPort': {
    1: str('name'),
    2: i32('number'),
  },
  'networking.IngressStatus': {
    1: msg('loadBalancer', 'networking.IngressLoadBalancerStatus'),
  },
  'networking.IngressLoadBalancerStatus': {
    1: msgs('ingress', 'networking.IngressLoadBalancerIngress'),
  },
  'networking.IngressLoadBalancerIngress': {
    1: str('ip'),
    2: str('hostname'),
    4: msgs('ports', 'networking.IngressPortStatus'),
  },
  'networking.IngressPortStatus': {
    1: i32('port'),
    2: str('protocol'),
    3: strP('error'),
  },
  'authentication.TokenRequest': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'authentication.TokenRequestSpec'),
    3: msg('status', 'authentication.TokenRequestStatus'),
  },
  'authentication.TokenRequestSpec': {
    1: strs('audiences'),
    3: msgP('boundObjectRef', 'authentication.BoundObjectReference'),
    4: i64P('expirationSeconds'),
  },
  'authentication.BoundObjectReference': {
    1: str('kind'),
    2: str('apiVersion'),
    3: str('name'),
    4: str('uid'),
  },
  'authentication.TokenRequestStatus': {
    1: str('token'),
    2: special('expirationTimestamp', 'Time', 'single'),
  },
  'autoscaling.HorizontalPodAutoscaler': {
    1: msg('metadata', 'meta.ObjectMeta'),
    2: msg('spec', 'autoscaling.HorizontalPodAutoscalerSpec'),
    3: msg('status', 'autoscaling.HorizontalPodAutoscalerStatus'),
  },
  'autoscaling.HorizontalPodAutoscalerSpec': {
    1: msg('scaleTargetRef', 'autoscaling.CrossVersionObjectReference'),
    2: i32P('minReplicas'),
    3: i32('maxReplicas'),
    4: i32P('targetCPUUtilizationPercentage'),
  },
  'autoscaling.CrossVersionObjectReference': {
    1: str('kind'),
    2: str('name'),
    3: str('apiVersion'),
  },
  'autoscaling.HorizontalPodAutoscalerStatus': {
    1: i64P('observedGeneration'),
    2: special('lastScaleTime', 'Time', 'optional'),
    3: i32('currentReplicas'),
    4: i32('desiredReplicas'),
    5: i32P('currentCPUUtilizationPercentage'),
  },
};
