output "store_url" {
  description = "store: of auroradoc.yaml."
  value       = module.store_and_site.store_url
}

output "site_url" {
  description = "Where the site is served."
  value       = module.store_and_site.site_url
}

output "aws_accounts" {
  description = "The aws.accounts entries of auroradoc.yaml (role per crawled account)."
  value = [
    { role_arn = module.crawler_payments.role_arn },
    { role_arn = module.crawler_analytics.role_arn },
  ]
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.nightly.alarm_topic_arn
}
