output "snapshot_bucket_name" {
  description = "Name of the snapshot bucket."
  value       = aws_s3_bucket.this["snapshots"].id
}

output "snapshot_bucket_arn" {
  description = "ARN of the snapshot bucket."
  value       = local.snapshot_bucket_arn
}

output "store_url" {
  description = "The store location for auroradoc (--store / store: in auroradoc.yaml)."
  value       = "s3://${var.snapshot_bucket_name}/${var.snapshot_prefix}"
}

output "snapshot_prefix" {
  description = "Key prefix of the snapshot store in the snapshot bucket."
  value       = var.snapshot_prefix
}

output "site_bucket_name" {
  description = "Name of the site bucket (publish target s3://<name>/)."
  value       = aws_s3_bucket.this["site"].id
}

output "site_bucket_arn" {
  description = "ARN of the site bucket."
  value       = local.site_bucket_arn
}

output "site_prefix" {
  description = "Key prefix of the site in the site bucket."
  value       = var.site_prefix
}

output "publish_url" {
  description = "The publish target for auroradoc (run --publish / publish --to)."
  value       = "s3://${var.site_bucket_name}/${var.site_prefix}"
}

output "distribution_id" {
  description = "ID of the CloudFront distribution that serves the site."
  value       = aws_cloudfront_distribution.site.id
}

output "distribution_arn" {
  description = "ARN of the CloudFront distribution that serves the site."
  value       = aws_cloudfront_distribution.site.arn
}

output "site_url" {
  description = "HTTPS URL of the site."
  value       = "https://${var.domain_name != null ? var.domain_name : aws_cloudfront_distribution.site.domain_name}/"
}

output "content_security_policy" {
  description = "The Content-Security-Policy header CloudFront adds to every response."
  value       = local.content_security_policy
}
