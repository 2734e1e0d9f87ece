output "json" {
  description = "The crawl policy document (JSON): attach it to a role, or merge it with source_policy_documents."
  value       = data.aws_iam_policy_document.crawl.json
}
