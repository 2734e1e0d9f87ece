output "role_arn" {
  description = "ARN of the crawler role: put it in aws.accounts[].role_arn of auroradoc.yaml and in the nightly module's crawler_role_arns."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the crawler role."
  value       = aws_iam_role.this.name
}
