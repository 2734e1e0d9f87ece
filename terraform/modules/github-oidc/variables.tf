variable "name" {
  description = "Name prefix of the roles (<name>-drift-gate, <name>-nightly-trigger)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,40}$", var.name))
    error_message = "name must be 1-40 characters valid in an IAM role name."
  }
}

variable "repository" {
  description = "GitHub repository (owner/name) whose workflows may assume the roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository))
    error_message = "repository must be owner/name."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (token.actions.githubusercontent.com). An account has at most one: set false and pass oidc_provider_arn when it exists."
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "ARN of an existing GitHub OIDC provider (create_oidc_provider = false)."
  type        = string
  default     = null
}

variable "snapshot_bucket_arn" {
  description = "ARN of the snapshot bucket the drift gate reads."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.snapshot_bucket_arn))
    error_message = "snapshot_bucket_arn must be an S3 bucket ARN."
  }
}

variable "snapshot_prefix" {
  description = "Key prefix of the snapshot store."
  type        = string
  default     = "snapshots"
}

variable "review_model_arns" {
  description = "Bedrock model ARNs (foundation models or inference profiles) the drift-gate role may invoke for auroradoc review's optional comment (review.llm). Empty = no Bedrock access."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.review_model_arns : can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:([0-9]{12})?:(foundation-model|inference-profile|application-inference-profile)/.+$", a))])
    error_message = "review_model_arns must be Bedrock foundation-model or inference-profile ARNs."
  }
}

variable "nightly" {
  description = "The nightly module's outputs, for the workflow that starts the in-VPC task (.github/workflows/nightly-ecs.yml): the role may run exactly this task definition in this cluster and watch it. Null = no trigger role."
  type = object({
    cluster_arn                = string
    task_definition_family_arn = string
    pass_role_arns             = list(string)
  })
  default = null

  validation {
    condition = var.nightly == null ? true : alltrue(concat(
      [can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/.+$", var.nightly.cluster_arn))],
      [can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[^:]+$", var.nightly.task_definition_family_arn))],
      [for a in var.nightly.pass_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", a))],
    ))
    error_message = "nightly needs the cluster ARN, the task definition ARN without revision and the task and execution role ARNs."
  }
}

variable "nightly_ref" {
  description = "The git ref whose workflow runs may start the night (scheduled runs use the default branch)."
  type        = string
  default     = "refs/heads/main"
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
