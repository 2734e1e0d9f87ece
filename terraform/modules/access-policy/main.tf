# The just-in-time access engine's permissions (bastion; docs/access.md),
# from terraform/iam-actions.json: its DynamoDB table, the one-time secrets
# of its grants, and the admin logins it reads. Creates nothing; outputs
# JSON for the engine's role (issue 12 deploys it).

locals {
  arn         = "arn:${var.partition}"
  table_arn   = "${local.arn}:dynamodb:${var.region}:${var.account_id}:table/${var.table_name}"
  grant_arns  = "${local.arn}:secretsmanager:${var.region}:${var.account_id}:secret:${var.grant_secret_prefix}*"
  admin_count = length(var.admin_secret_arns)
  # bastion.yaml aws: (RDS discovery): the clusters and instances of these
  # regions, and the admin secrets under the name prefix in each.
  discovery_clusters  = [for r in var.discovery_regions : "${local.arn}:rds:${r}:${var.account_id}:cluster:*"]
  discovery_instances = [for r in var.discovery_regions : "${local.arn}:rds:${r}:${var.account_id}:db:*"]
  discovery_admins    = var.admin_secret_name_prefix == "" ? [] : [for r in var.discovery_regions : "${local.arn}:secretsmanager:${r}:${var.account_id}:secret:${var.admin_secret_name_prefix}*"]
}

data "aws_iam_policy_document" "access" {
  statement {
    sid    = "StateAndAudit"
    effect = "Allow"
    actions = [
      "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem",
      "dynamodb:Query", "dynamodb:Scan",
    ]
    resources = [local.table_arn]
  }

  statement {
    sid       = "GrantSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource", "secretsmanager:DeleteSecret"]
    resources = [local.grant_arns]
  }

  dynamic "statement" {
    for_each = local.admin_count > 0 ? [1] : []
    content {
      sid       = "AdminLogins"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = var.admin_secret_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.discovery_regions) > 0 ? [1] : []
    content {
      sid       = "DiscoverClusters"
      effect    = "Allow"
      actions   = ["rds:DescribeDBClusters"]
      resources = local.discovery_clusters
    }
  }

  dynamic "statement" {
    for_each = length(var.discovery_regions) > 0 ? [1] : []
    content {
      sid       = "DiscoverInstances"
      effect    = "Allow"
      actions   = ["rds:DescribeDBInstances"]
      resources = local.discovery_instances
    }
  }

  dynamic "statement" {
    for_each = length(local.discovery_admins) > 0 ? [1] : []
    content {
      sid       = "DiscoveredAdminLogins"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.discovery_admins
    }
  }

  dynamic "statement" {
    for_each = var.discovery_all_regions ? [1] : []
    content {
      sid       = "DiscoverRegions"
      effect    = "Allow"
      actions   = ["ec2:DescribeRegions"]
      resources = ["*"] # EC2 Describe* actions support no resource-level permissions
    }
  }

  dynamic "statement" {
    for_each = length(var.discovery_role_arns) > 0 ? [1] : []
    content {
      sid       = "DiscoverInAccounts"
      effect    = "Allow"
      actions   = ["sts:AssumeRole"]
      resources = var.discovery_role_arns
    }
  }

  dynamic "statement" {
    for_each = var.allow_create_table ? [1] : []
    content {
      sid       = "FirstSetup"
      effect    = "Allow"
      actions   = ["dynamodb:CreateTable", "dynamodb:UpdateTimeToLive"]
      resources = [local.table_arn]
    }
  }
}
