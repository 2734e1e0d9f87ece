# The crawl's read-only permissions (docs/iam.md "Crawler"), one home for the
# nightly task role and the cross-account crawler role.

locals {
  arn = "arn:${var.partition}"

  rds_cluster_arns = [for r in var.regions : "${local.arn}:rds:${r}:${var.account_id}:cluster:*"]
  rds_db_arns      = [for r in var.regions : "${local.arn}:rds:${r}:${var.account_id}:db:*"]
  rds_cpg_arns     = [for r in var.regions : "${local.arn}:rds:${r}:${var.account_id}:cluster-pg:*"]
  rds_pg_arns      = [for r in var.regions : "${local.arn}:rds:${r}:${var.account_id}:pg:*"]
  secret_arns      = [for r in var.regions : "${local.arn}:secretsmanager:${r}:${var.account_id}:secret:${var.secret_name_prefix}*"]
  dbuser_arns      = [for r in var.regions : "${local.arn}:rds-db:${r}:${var.account_id}:dbuser:*/${var.db_user}"]
}

data "aws_iam_policy_document" "crawl" {
  statement {
    sid       = "DiscoverClusters"
    effect    = "Allow"
    actions   = ["rds:DescribeDBClusters"]
    resources = local.rds_cluster_arns
  }

  statement {
    sid       = "DiscoverInstances"
    effect    = "Allow"
    actions   = ["rds:DescribeDBInstances"]
    resources = local.rds_db_arns
  }

  statement {
    sid       = "ParameterGroups"
    effect    = "Allow"
    actions   = ["rds:DescribeDBClusterParameters", "rds:DescribeDBParameters"]
    resources = concat(local.rds_cpg_arns, local.rds_pg_arns)
  }

  dynamic "statement" {
    for_each = contains(var.regions, "*") ? [1] : []
    content {
      sid       = "EnabledRegions"
      effect    = "Allow"
      actions   = ["ec2:DescribeRegions"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.credentials == "secrets" ? [1] : []
    content {
      sid       = "CrawlLoginSecrets"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.secret_arns
    }
  }

  dynamic "statement" {
    for_each = var.credentials == "secrets" && length(var.secrets_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "CrawlLoginSecretsKey"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = var.secrets_kms_key_arns
      condition {
        test     = "StringLike"
        variable = "kms:ViaService"
        values   = ["secretsmanager.*.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.credentials == "iam" ? [1] : []
    content {
      sid       = "CrawlLoginIAM"
      effect    = "Allow"
      actions   = ["rds-db:connect"]
      resources = local.dbuser_arns
    }
  }
}
