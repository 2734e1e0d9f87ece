variable "name" {
  description = "Name prefix for every resource (e.g. \"auroradoc-prod\"); also the Deployment dimension of the NightFinished metric."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "image" {
  description = "Container image URI of auroradoc (the repository's Dockerfile), pinned by digest or immutable tag, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/auroradoc@sha256:..."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]*(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$", var.image))
    error_message = "image must be a full image URI with a tag or a sha256 digest (registry/repository:tag or registry/repository@sha256:...)."
  }
}

variable "command" {
  description = "Arguments to the image's entrypoint (auroradoc). The config file must be in the image (a thin layer FROM the auroradoc image adding it) or on a mounted volume."
  type        = list(string)
  default     = ["run", "--config", "/etc/auroradoc/auroradoc.yaml", "--log-format", "json", "--emf"]

  validation {
    condition     = length(var.command) > 0
    error_message = "command must not be empty."
  }
}

variable "environment" {
  description = "Extra environment variables of the container (no secrets: use secrets)."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables filled from Secrets Manager or SSM Parameter Store by ECS at start (name = secret or parameter ARN), e.g. AURORADOC_SLACK_WEBHOOK. The execution role may read exactly these."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for v in values(var.secrets) : can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:[0-9]{12}:(secret:|parameter/).+$", v))])
    error_message = "every secrets value must be a Secrets Manager secret ARN or an SSM parameter ARN."
  }
}

variable "cpu" {
  description = "Fargate task CPU units (1024 = 1 vCPU). 1024 crawls 200 clusters in well under an hour."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be one of the Fargate sizes 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
}

variable "memory" {
  description = "Fargate task memory in MiB (must be a valid combination with cpu)."
  type        = number
  default     = 2048

  validation {
    condition     = var.memory >= 512 && var.memory <= 122880 && var.memory % 512 == 0
    error_message = "memory must be a multiple of 512 MiB between 512 and 122880."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture of the image: X86_64 or ARM64 (Graviton, about 20 % cheaper)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "ephemeral_storage_gib" {
  description = "Fargate ephemeral storage in GiB for /tmp (the rendered site before publishing). 21 is free."
  type        = number
  default     = 21

  validation {
    condition     = var.ephemeral_storage_gib >= 21 && var.ephemeral_storage_gib <= 200
    error_message = "ephemeral_storage_gib must be between 21 and 200."
  }
}

variable "vpc_id" {
  description = "VPC of the clusters; the task's security group is created in it."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets the task runs in (with a route to the clusters and to AWS endpoints through NAT or VPC endpoints). No public IP is assigned."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids must be a non-empty list of subnet-... ids."
  }
}

variable "database_cidr_blocks" {
  description = "CIDR blocks of the Aurora clusters: the only destinations of port 3306."
  type        = list(string)

  validation {
    condition     = length(var.database_cidr_blocks) > 0 && alltrue([for c in var.database_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "database_cidr_blocks must be a non-empty list of CIDR blocks."
  }
}

variable "https_cidr_blocks" {
  description = "Destinations of port 443 (AWS APIs: RDS, Secrets Manager, S3, STS, CloudWatch Logs, ECR). 0.0.0.0/0 through NAT by default; narrow it to the VPC CIDR when every service is reached through VPC interface endpoints (S3 through a gateway endpoint: add its prefix list to https_prefix_list_ids)."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for c in var.https_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "https_cidr_blocks must be CIDR blocks."
  }
}

variable "https_prefix_list_ids" {
  description = "Managed prefix lists (e.g. the S3 gateway endpoint's pl-...) also allowed on port 443."
  type        = list(string)
  default     = []
}

variable "schedule_expression" {
  description = "EventBridge Scheduler expression of the night, e.g. cron(0 3 * * ? *)."
  type        = string
  default     = "cron(0 3 * * ? *)"

  validation {
    condition     = can(regex("^(cron|rate|at)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be cron(...), rate(...) or at(...)."
  }
}

variable "schedule_timezone" {
  description = "IANA time zone of schedule_expression."
  type        = string
  default     = "UTC"
}

variable "retry_attempts" {
  description = "How often Scheduler retries starting the task when RunTask fails (capacity, throttling). A task that started and then failed is not retried: it exits non-zero and the alarm fires."
  type        = number
  default     = 3

  validation {
    condition     = var.retry_attempts >= 0 && var.retry_attempts <= 185
    error_message = "retry_attempts must be between 0 and 185."
  }
}

variable "log_retention_days" {
  description = "Days the task's CloudWatch logs are kept."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "kms_key_arn" {
  description = "Optional KMS key ARN for the log group, the SNS topic and the dead-letter queue. Null = AWS-managed encryption."
  type        = string
  default     = null
}

variable "snapshot_bucket_arn" {
  description = "ARN of the snapshot bucket (store-and-site output snapshot_bucket_arn)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.snapshot_bucket_arn))
    error_message = "snapshot_bucket_arn must be an S3 bucket ARN (arn:aws:s3:::name)."
  }
}

variable "snapshot_prefix" {
  description = "Key prefix of the snapshot store in the snapshot bucket."
  type        = string
  default     = "snapshots"
}

variable "site_bucket_arn" {
  description = "ARN of the site bucket; null when the night does not publish."
  type        = string
  default     = null

  validation {
    condition     = var.site_bucket_arn == null || can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.site_bucket_arn))
    error_message = "site_bucket_arn must be an S3 bucket ARN or null."
  }
}

variable "site_prefix" {
  description = "Key prefix the site is published under."
  type        = string
  default     = "docs"
}

variable "prune" {
  description = "Whether auroradoc's retention: prunes old snapshot sets (grants s3:DeleteObject on the snapshot prefix). Without it the task may delete site files only."
  type        = bool
  default     = true
}

variable "credentials" {
  description = "How the crawl logs in to the clusters: \"secrets\" (Secrets Manager secrets named <secret_name_prefix>*) or \"iam\" (IAM database authentication as db_user). Checked by crawl-policy."
  type        = string
  default     = "secrets"
}

variable "secret_name_prefix" {
  description = "Name prefix of the crawl user's secrets (credentials = \"secrets\")."
  type        = string
  default     = "auroradoc/"
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys that encrypt the crawl secrets (kms:Decrypt through Secrets Manager only)."
  type        = list(string)
  default     = []
}

variable "db_user" {
  description = "Database user of IAM database authentication (credentials = \"iam\")."
  type        = string
  default     = "auroradoc"
}

variable "regions" {
  description = "Regions whose clusters this task crawls (the regions: of auroradoc.yaml). Scopes the RDS, Secrets Manager and rds-db ARNs; [\"*\"] for all (regions: [all]). Checked by crawl-policy."
  type        = list(string)
  default     = ["*"]
}

variable "crawler_role_arns" {
  description = "Cross-account crawler roles (module crawler-role) this task may assume for the aws.accounts of auroradoc.yaml. Empty = this account only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.crawler_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", a))])
    error_message = "crawler_role_arns must be IAM role ARNs."
  }
}

variable "alarm_emails" {
  description = "E-mail addresses subscribed to the alarm topic (each must confirm). Other subscribers can be added to the alarm_topic_arn output."
  type        = list(string)
  default     = []
}

variable "stale_after_hours" {
  description = "Alarm when no night has finished (no NightFinished metric) for this many hours."
  type        = number
  default     = 26

  validation {
    condition     = var.stale_after_hours >= 2 && var.stale_after_hours <= 168
    error_message = "stale_after_hours must be between 2 and 168 (CloudWatch evaluates at most 7 days)."
  }
}

variable "metric_namespace" {
  description = "CloudWatch namespace of the NightFinished metric the job emits through embedded metric format (auroradoc run --emf; fixed in the job)."
  type        = string
  default     = "auroradoc"

  validation {
    condition     = var.metric_namespace == "auroradoc"
    error_message = "The job emits its metrics in the namespace auroradoc (package nightly, MetricsNamespace); the alarm must watch that one."
  }
}

variable "shards" {
  description = "Sharded nights: the shards this instance's tasks crawl, one schedule each (static, region=<region>, account=<key> or account=<key>,region=<region>; see `auroradoc run --help`). Run one instance per region, in that region's VPC, with that region's shards. Empty (and finish null): one task runs the whole night."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.shards : can(regex("^(static|region=[a-z]{2}(-[a-z]+)+-[0-9]+|account=[a-z0-9][a-z0-9._-]*(,region=[a-z]{2}(-[a-z]+)+-[0-9]+)?)$", s))])
    error_message = "each shard must be static, region=<region>, account=<key> or account=<key>,region=<region>."
  }
  validation {
    condition     = length(distinct(var.shards)) == length(var.shards)
    error_message = "a shard is listed twice."
  }
}

variable "finish" {
  description = "Sharded nights: set in the one instance that finishes the night (assembles the set, renders, publishes, reports). shards lists every shard of the night, in every instance; wait bounds how long the finishing step waits for shards still crawling (a Go duration)."
  type = object({
    shards = list(string)
    wait   = optional(string, "45m")
  })
  default = null

  validation {
    condition     = var.finish == null || length(try(var.finish.shards, [])) > 0
    error_message = "finish.shards must list the night's shards."
  }
  validation {
    condition     = var.finish == null || can(regex("^([0-9]+(h|m|s))+$", try(var.finish.wait, "")))
    error_message = "finish.wait must be a Go duration such as 45m or 1h30m."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
