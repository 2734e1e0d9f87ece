variable "name" {
  description = "Name of the role in this (crawled) account; the arn goes into aws.accounts of auroradoc.yaml."
  type        = string
  default     = "auroradoc-crawler"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.name))
    error_message = "name must be a valid IAM role name (1-64 characters of letters, digits and +=,.@_-)."
  }
}

variable "trusted_role_arns" {
  description = "Roles that may assume this one: the nightly task role (module nightly, output task_role_arn) of the account that runs the night."
  type        = list(string)

  validation {
    condition     = length(var.trusted_role_arns) > 0 && alltrue([for a in var.trusted_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", a))])
    error_message = "trusted_role_arns must be a non-empty list of IAM role ARNs (no account roots, no wildcards)."
  }
}

variable "external_id" {
  description = "Optional sts:ExternalId the assuming side must pass (aws.accounts[].external_id). Null = none."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.external_id == null ? true : (length(var.external_id) >= 2 && length(var.external_id) <= 1224 && can(regex("^[A-Za-z0-9+=,.@:/-]+$", var.external_id)))
    error_message = "external_id must be 2-1224 characters of letters, digits and +=,.@:/-."
  }
}

variable "max_session_duration" {
  description = "Maximum session length in seconds; one night's crawl of this account must fit."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be between 3600 and 43200 seconds."
  }
}

variable "regions" {
  description = "Regions crawled in this account; [\"*\"] for all."
  type        = list(string)
  default     = ["*"]
}

variable "credentials" {
  description = "How the crawl logs in to this account's clusters: \"secrets\" or \"iam\"."
  type        = string
  default     = "secrets"
}

variable "secret_name_prefix" {
  description = "Name prefix of the crawl user's secrets in this account."
  type        = string
  default     = "auroradoc/"
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys of those secrets."
  type        = list(string)
  default     = []
}

variable "db_user" {
  description = "Database user of IAM database authentication."
  type        = string
  default     = "auroradoc"
}

variable "tags" {
  description = "Tags added to the role."
  type        = map(string)
  default     = {}
}
