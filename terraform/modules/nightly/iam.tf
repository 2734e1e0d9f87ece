# Least privilege, from terraform/iam-actions.json (the one list of what the
# code calls; internal/awsperms tests that every action granted here is in it
# and every action in it is granted somewhere).

locals {
  snapshot_objects = "${var.snapshot_bucket_arn}/${var.snapshot_prefix}/*"
  site_objects     = var.site_bucket_arn == null ? null : "${var.site_bucket_arn}/${var.site_prefix}/*"
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# --- task role: what auroradoc itself calls -----------------------------------

resource "aws_iam_role" "task" {
  name                 = "${var.name}-task"
  description          = "auroradoc nightly task: crawl (read-only), store, publish"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks_assume.json
  max_session_duration = 3600
  tags                 = var.tags
}

module "crawl_policy" {
  source = "../crawl-policy"

  account_id           = local.account_id
  partition            = local.partition
  regions              = var.regions
  credentials          = var.credentials
  secret_name_prefix   = var.secret_name_prefix
  secrets_kms_key_arns = var.secrets_kms_key_arns
  db_user              = var.db_user
}

data "aws_iam_policy_document" "task" {
  source_policy_documents = [module.crawl_policy.json]

  statement {
    sid       = "StoreAndSiteObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = compact([local.snapshot_objects, local.site_objects])
  }

  dynamic "statement" {
    for_each = var.prune || var.site_bucket_arn != null ? [1] : []
    content {
      sid       = "RetentionAndSiteCleanup"
      effect    = "Allow"
      actions   = ["s3:DeleteObject"]
      resources = compact([var.prune ? local.snapshot_objects : null, local.site_objects])
    }
  }

  statement {
    sid       = "ListStore"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.snapshot_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [var.snapshot_prefix, "${var.snapshot_prefix}/*"]
    }
  }

  dynamic "statement" {
    for_each = var.site_bucket_arn == null ? [] : [1]
    content {
      sid       = "ListSite"
      effect    = "Allow"
      actions   = ["s3:ListBucket"]
      resources = [var.site_bucket_arn]
      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = [var.site_prefix, "${var.site_prefix}/*"]
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.crawler_role_arns) > 0 ? [1] : []
    content {
      sid       = "CrawlOtherAccounts"
      effect    = "Allow"
      actions   = ["sts:AssumeRole"]
      resources = var.crawler_role_arns
    }
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "auroradoc"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

# --- execution role: what ECS does to start the container --------------------

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  description        = "ECS starts the auroradoc task: pull the image, write logs, read the task's secrets"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "Logs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:log-stream:*"]
  }

  dynamic "statement" {
    for_each = local.ecr_repo_arn == null ? [] : [1]
    content {
      sid       = "EcrLogin"
      effect    = "Allow"
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = local.ecr_repo_arn == null ? [] : [1]
    content {
      sid       = "PullImage"
      effect    = "Allow"
      actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      resources = [local.ecr_repo_arn]
    }
  }

  dynamic "statement" {
    for_each = length([for v in values(var.secrets) : v if strcontains(v, ":secretsmanager:")]) > 0 ? [1] : []
    content {
      sid       = "TaskSecrets"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [for v in values(var.secrets) : v if strcontains(v, ":secretsmanager:")]
    }
  }

  dynamic "statement" {
    for_each = length([for v in values(var.secrets) : v if strcontains(v, ":ssm:")]) > 0 ? [1] : []
    content {
      sid       = "TaskParameters"
      effect    = "Allow"
      actions   = ["ssm:GetParameters"]
      resources = [for v in values(var.secrets) : v if strcontains(v, ":ssm:")]
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "ecs-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# --- scheduler role: run exactly this task, pass exactly these roles ---------

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name}-scheduler"
  description        = "EventBridge Scheduler starts the auroradoc night task"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "RunNightTask"
    effect    = "Allow"
    actions   = ["ecs:RunTask"]
    resources = ["${local.task_family_arn}:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [local.cluster_arn]
    }
  }

  statement {
    sid       = "PassTaskRoles"
    effect    = "Allow"
    actions   = ["iam:PassRole"]
    resources = [local.task_role_arn, local.execution_role_arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }

  statement {
    sid       = "DeadLetters"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [local.dlq_arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "run-night"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}
