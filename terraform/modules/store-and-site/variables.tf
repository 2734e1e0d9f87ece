variable "name" {
  description = "Name prefix for every resource (e.g. \"auroradoc-prod\"). Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "snapshot_bucket_name" {
  description = "Name of the S3 bucket that holds the snapshot store (snapshot sets, manifests, drift history)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.snapshot_bucket_name))
    error_message = "snapshot_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)."
  }
}

variable "site_bucket_name" {
  description = "Name of the private S3 bucket that holds the rendered site; CloudFront reads it through Origin Access Control."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.site_bucket_name))
    error_message = "site_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)."
  }
}

variable "snapshot_prefix" {
  description = "Key prefix of the snapshot store inside the snapshot bucket, without slashes at either end (the store is s3://<snapshot_bucket_name>/<snapshot_prefix>)."
  type        = string
  default     = "snapshots"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", var.snapshot_prefix))
    error_message = "snapshot_prefix must be a non-empty key prefix without leading or trailing slashes."
  }
}

variable "site_prefix" {
  description = "Key prefix the site is published under in the site bucket (auroradoc run --publish s3://<site_bucket_name>/<site_prefix>; run refuses a bucket root). CloudFront serves it as the site root."
  type        = string
  default     = "docs"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", var.site_prefix))
    error_message = "site_prefix must be a non-empty key prefix without leading or trailing slashes."
  }
}

variable "retention" {
  description = "The retention: section of auroradoc.yaml (daily, weekly, monthly snapshot sets kept). auroradoc itself prunes sets (manifest first); the bucket only expires what it leaves behind: noncurrent versions and, when expire_leftovers is true, objects older than the retention horizon. All zero = keep everything."
  type = object({
    daily   = number
    weekly  = number
    monthly = number
  })
  default = { daily = 0, weekly = 0, monthly = 0 }

  validation {
    condition     = alltrue([for v in [var.retention.daily, var.retention.weekly, var.retention.monthly] : v >= 0 && floor(v) == v])
    error_message = "retention.daily, retention.weekly and retention.monthly must be whole numbers >= 0."
  }
}

variable "expire_leftovers" {
  description = "When true and retention is not all zero, expire current objects under snapshot_prefix older than the retention horizon (max of daily, 7 x weekly, 31 x monthly days) plus 31 days: a backstop for files auroradoc's own pruning left behind. Off by default: a lifecycle rule deletes a set's files in any order."
  type        = bool
  default     = false
}

variable "noncurrent_version_days" {
  description = "Days a deleted or overwritten object version is kept (versioning is on for both buckets) before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_days >= 1 && floor(var.noncurrent_version_days) == var.noncurrent_version_days
    error_message = "noncurrent_version_days must be a whole number >= 1."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for the buckets' default encryption. Null = SSE-S3 (AES256). CloudFront reading a KMS-encrypted site bucket needs kms:Decrypt in the key policy for cloudfront.amazonaws.com."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or null."
  }
}

variable "allowed_cidrs" {
  description = "IPv4 CIDR blocks allowed to read the site. Empty = no WAF (anyone who knows the CloudFront URL can read it); non-empty = a WAF web ACL that blocks every other address. The web ACL is created in us-east-1: pass a provider aliased aws.us_east_1 for that region."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.allowed_cidrs : can(cidrhost(c, 0)) && !strcontains(c, ":")])
    error_message = "allowed_cidrs must be IPv4 CIDR blocks such as 203.0.113.0/24."
  }
}

variable "domain_name" {
  description = "Optional custom domain for the site (e.g. docs.dbre.example.com). Needs acm_certificate_arn. DNS (an alias record to the distribution) is left to the caller."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", var.domain_name))
    error_message = "domain_name must be a lowercase DNS name or null."
  }
}

variable "acm_certificate_arn" {
  description = "ARN of an ACM certificate in us-east-1 covering domain_name. Required when domain_name is set."
  type        = string
  default     = null

  validation {
    condition     = var.acm_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$", var.acm_certificate_arn))
    error_message = "acm_certificate_arn must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from us-east-1)."
  }
}

variable "price_class" {
  description = "CloudFront price class. PriceClass_100 (North America and Europe) is the cheapest and enough for an internal site."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "force_destroy" {
  description = "Allow terraform destroy to delete non-empty buckets. Keep false in production: the snapshot store is the history."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
