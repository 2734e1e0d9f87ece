variable "account_id" {
  description = "Account whose clusters are crawled (the ARNs' account)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "partition" {
  description = "AWS partition of the ARNs (aws, aws-cn, aws-us-gov)."
  type        = string
  default     = "aws"

  validation {
    condition     = contains(["aws", "aws-cn", "aws-us-gov"], var.partition)
    error_message = "partition must be aws, aws-cn or aws-us-gov."
  }
}

variable "regions" {
  description = "Regions crawled (the regions: of auroradoc.yaml); [\"*\"] for all (regions: [all], which also needs ec2:DescribeRegions)."
  type        = list(string)
  default     = ["*"]

  validation {
    condition     = length(var.regions) > 0 && alltrue([for r in var.regions : r == "*" || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", r))])
    error_message = "regions must be region names such as eu-west-1, or [\"*\"]."
  }
}

variable "credentials" {
  description = "How the crawl logs in: \"secrets\" (Secrets Manager secrets named <secret_name_prefix>*) or \"iam\" (IAM database authentication as db_user)."
  type        = string
  default     = "secrets"

  validation {
    condition     = contains(["secrets", "iam"], var.credentials)
    error_message = "credentials must be \"secrets\" or \"iam\"."
  }
}

variable "secret_name_prefix" {
  description = "Name prefix of the crawl user's secrets."
  type        = string
  default     = "auroradoc/"

  validation {
    condition     = length(var.secret_name_prefix) > 0 && !strcontains(var.secret_name_prefix, "*")
    error_message = "secret_name_prefix must be a non-empty name prefix without wildcards."
  }
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys that encrypt the crawl secrets (kms:Decrypt through Secrets Manager only)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for k in var.secrets_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", k))])
    error_message = "secrets_kms_key_arns must be KMS key ARNs."
  }
}

variable "db_user" {
  description = "Database user of IAM database authentication."
  type        = string
  default     = "auroradoc"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]{1,32}$", var.db_user))
    error_message = "db_user must be 1-32 letters, digits or underscores."
  }
}
