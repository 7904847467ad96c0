/**
 * Request bodies captured from kubectl v1.32.4 (`kubectl <command> -v=8` sends them with
 * Content-Type application/vnd.kubernetes.protobuf), base64-encoded. Regression data for the decoder:
 * they are what a real client puts on the wire, unknown field numbers included.
 */
export const KUBECTL_132_BODIES: Readonly<Record<string, string>> = {
  'create configmap x --from-literal=a=b':
    'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEhsKEQoBeBIAGgAiACoAMgA4AEIAEgYKAWESAWIaACIA',
  'create secret generic s --from-literal=k=v':
    'azhzAAoMCgJ2MRIGU2VjcmV0Eh0KEQoBcxIAGgAiACoAMgA4AEIAEgYKAWsSAXYaABoAIgA=',
  'create namespace n': 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhkKEQoBbhIAGgAiACoAMgA4AEIAEgAaAgoAGgAiAA==',
  'create deployment web --image=nginx:1.25 --replicas=2 --port=80':
    'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEosBCAISDAoKCgNhcHASA3dlYhpxChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViElESMwoFbmdpbngSCm5naW54OjEuMjUqADIKCgAQABhQIgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==',
  'create job j --image=busybox -- echo hi':
    'azhzAAoPCghiYXRjaC92MRIDSm9iEoIBChEKAWoSABoAIgAqADIAOABCABJjMmEKEAoAEgAaACIAKgAyADgAQgASTRIqCgFqEgdidXN5Ym94GgRlY2hvGgJoaSoAQgBqAHIAgAEAiAEAkAEAogEAGgVOZXZlcjIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAGgggACgAMAA6ABoAIgA=',
  'create serviceaccount sa':
    'azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSFAoSCgJzYRIAGgAiACoAMgA4AEIAGgAiAA==',
  'create service clusterip svc --tcp=80:8080':
    'azhzAAoNCgJ2MRIHU2VydmljZRJpCh8KA3N2YxIAGgAiACoAMgA4AEIAWgoKA2FwcBIDc3ZjEkIKGwoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAoABIKCgNhcHASA3N2YxoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==',
  'create role r --verb=get --resource=pods':
    'azhzAAokChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgRSb2xlEiIKEQoBchIAGgAiACoAMgA4AEIAEg0KA2dldBIAGgRwb2RzGgAiAA==',
  'create rolebinding rb --role=r --user=u':
    'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtSb2xlQmluZGluZxJiChIKAnJiEgAaACIAKgAyADgAQgASJgoEVXNlchIZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxoBdSIAGiQKGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8SBFJvbGUaAXIaACIA',
  'create clusterrole cr --verb=list --resource=nodes':
    'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRIlChIKAmNyEgAaACIAKgAyADgAQgASDwoEbGlzdBIAGgVub2RlcxoAIgA=',
  'create clusterrolebinding crb --clusterrole=cr --group=g':
    'azhzAAoyChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEhJDbHVzdGVyUm9sZUJpbmRpbmcSbAoTCgNjcmISABoAIgAqADIAOABCABInCgVHcm91cBIZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxoBZyIAGiwKGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8SC0NsdXN0ZXJSb2xlGgJjchoAIgA=',
  "create cronjob cj --image=busybox --schedule='*/1 * * * *' -- echo hi":
    'azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKoAQoSCgJjahIAGgAiACoAMgA4AEIAEo8BCgsqLzEgKiAqICogKhoAKn4KEgoCY2oSABoAIgAqADIAOABCABJoMmYKEAoAEgAaACIAKgAyADgAQgASUhIrCgJjahIHYnVzeWJveBoEZWNobxoCaGkqAEIAagByAIABAIgBAJABAKIBABoJT25GYWlsdXJlMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaABoAIgA=',
  'create quota q --hard=pods=2,cpu=1':
    'azhzAAoTCgJ2MRINUmVzb3VyY2VRdW90YRIwChEKAXESABoAIgAqADIAOABCABIZCgoKA2NwdRIDCgExCgsKBHBvZHMSAwoBMhoAGgAiAA==',
  'create pdb p --selector=app=x --min-available=1':
    'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSNQoRCgFwEgAaACIAKgAyADgAQgASFAoGCAAQARoAEgoKCAoDYXBwEgF4GgoIABgAIAAoADAAGgAiAA==',
  'create priorityclass pc --value=10':
    'azhzAAolChRzY2hlZHVsaW5nLms4cy5pby92MRINUHJpb3JpdHlDbGFzcxIwChIKAnBjEgAaACIAKgAyADgAQgAQChgAIgAqFFByZWVtcHRMb3dlclByaW9yaXR5GgAiAA==',
  "create ingress ing --rule='foo.com/bar=svc1:8080'":
    'azhzAAofChRuZXR3b3JraW5nLms4cy5pby92MRIHSW5ncmVzcxJKChMKA2luZxIAGgAiACoAMgA4AEIAEi8aLQoHZm9vLmNvbRIiCiAKHgoEL2JhchIPIg0KBHN2YzESBQoAEJA/GgVFeGFjdBoCCgAaACIA',
  'create token sa':
    'azhzAAooChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESDFRva2VuUmVxdWVzdBIaChAKABIAGgAiACoAMgA4AEIAEgAaBAoAEgAaACIA',
  'autoscale deployment web --max=3':
    'azhzAAopCg5hdXRvc2NhbGluZy92MRIXSG9yaXpvbnRhbFBvZEF1dG9zY2FsZXISOwoTCgN3ZWISABoAIgAqADIAOABCABIeChoKCkRlcGxveW1lbnQSA3dlYhoHYXBwcy92MRgDGgQYACAAGgAiAA==',
  'create secret docker-registry reg --docker-username=u --docker-password=p':
    'azhzAAoMCgJ2MRIGU2VjcmV0EqMBChMKA3JlZxIAGgAiACoAMgA4AEIAEmwKES5kb2NrZXJjb25maWdqc29uEld7ImF1dGhzIjp7Imh0dHBzOi8vaW5kZXguZG9ja2VyLmlvL3YxLyI6eyJ1c2VybmFtZSI6InUiLCJwYXNzd29yZCI6InAiLCJhdXRoIjoiZFRwdyJ9fX0aHmt1YmVybmV0ZXMuaW8vZG9ja2VyY29uZmlnanNvbhoAIgA=',
  'create pdb x --selector=a=b --max-unavailable=1':
    'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSMwoRCgF4EgAaACIAKgAyADgAQgASEhIICgYKAWESAWIaBggAEAEaABoKCAAYACAAKAAwABoAIgA=',
};
