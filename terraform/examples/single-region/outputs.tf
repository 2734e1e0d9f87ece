output "store_url" {
  description = "store: of auroradoc.yaml."
  value       = module.store_and_site.store_url
}

output "publish_url" {
  description = "Publish target of auroradoc run."
  value       = module.store_and_site.publish_url
}

output "site_url" {
  description = "Where the site is served."
  value       = module.store_and_site.site_url
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.nightly.alarm_topic_arn
}

output "drift_gate_role_arn" {
  description = "AURORADOC_ROLE_ARN of the drift-gate workflow."
  value       = module.github.drift_gate_role_arn
}

output "nightly_trigger_role_arn" {
  description = "AURORADOC_TRIGGER_ROLE_ARN of the nightly-ecs workflow."
  value       = module.github.nightly_trigger_role_arn
}
