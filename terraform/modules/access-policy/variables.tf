variable "account_id" {
  description = "AWS account id the engine's table and secrets live in."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be 12 digits."
  }
}

variable "region" {
  description = "Region of the engine's DynamoDB table and grant secrets."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))
    error_message = "region must look like eu-west-1."
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

variable "table_name" {
  description = "The engine's DynamoDB table (bastion.yaml dynamodb.table)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.table_name))
    error_message = "table_name must be a DynamoDB table name (3–255 of A-Z a-z 0-9 _ . -)."
  }
}

variable "grant_secret_prefix" {
  description = "Name prefix of the one-time secrets of grants (bastion.yaml secrets prefix); the engine may only touch secrets under it."
  type        = string
  default     = "auroradoc/access/"

  validation {
    condition     = length(var.grant_secret_prefix) > 0 && !strcontains(var.grant_secret_prefix, "*")
    error_message = "grant_secret_prefix must be a non-empty prefix without wildcards."
  }
}

variable "admin_secret_arns" {
  description = "ARNs of the secrets holding the clusters' admin logins the engine reads (clusters configured with secret_id); empty when admin passwords come from the environment."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.admin_secret_arns : startswith(a, "arn:") && strcontains(a, ":secretsmanager:") && !strcontains(a, "*")])
    error_message = "admin_secret_arns must be Secrets Manager ARNs without wildcards."
  }
}

variable "allow_create_table" {
  description = "Also allow creating the table and its TTL (bastion/store.CreateTable) for a first setup; leave false when terraform creates the table."
  type        = bool
  default     = false
}

variable "discovery_regions" {
  description = "Regions of bastion.yaml aws.regions (RDS discovery of clusters): rds:DescribeDBClusters and DescribeDBInstances there; empty when every cluster is listed under clusters:."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.discovery_regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", r))])
    error_message = "discovery_regions must be region names such as eu-west-1 (list every region of aws.regions: [all] also needs discovery_all_regions)."
  }
}

variable "discovery_all_regions" {
  description = "bastion.yaml aws.regions is [all]: also ec2:DescribeRegions (which takes no resource)."
  type        = bool
  default     = false
}

variable "discovery_role_arns" {
  description = "Roles of bastion.yaml aws.accounts the engine assumes to discover clusters in other accounts (sts:AssumeRole on exactly these)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.discovery_role_arns : startswith(a, "arn:") && strcontains(a, ":iam::") && strcontains(a, ":role/") && !strcontains(a, "*")])
    error_message = "discovery_role_arns must be IAM role ARNs without wildcards."
  }
}

variable "admin_secret_name_prefix" {
  description = "Name prefix of the admin-login secrets of discovered clusters (the fixed start of bastion.yaml aws.admin.secret_id): secretsmanager:GetSecretValue on secret:<prefix>* in each discovery region; empty = none."
  type        = string
  default     = ""

  validation {
    condition     = !strcontains(var.admin_secret_name_prefix, "*") && !strcontains(var.admin_secret_name_prefix, "{")
    error_message = "admin_secret_name_prefix must be a plain prefix: no wildcard, no {cluster} or {region} placeholder."
  }
}
