variable "name" {
  description = "Name prefix of every resource (function, table, roles, schedule group)."
  type        = string
  default     = "bastion"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must be 2–31 of a-z 0-9 - starting with a letter."
  }
}

variable "lambda_zip" {
  description = "Path of the zip holding the bootstrap binary (GOOS=linux GOARCH=arm64 go build -o bootstrap ./cmd/bastion-lambda) and bastion.yaml."
  type        = string
}

variable "grant_secret_prefix" {
  description = "bastion.yaml secrets.prefix: the engine may create and delete only secrets under it; must start with bastion/."
  type        = string
  default     = "bastion/grants/"

  validation {
    condition     = startswith(var.grant_secret_prefix, "bastion/")
    error_message = "grant_secret_prefix must start with bastion/."
  }
}

variable "admin_secret_arns" {
  description = "ARNs of the clusters' admin login secrets the engine reads (bastion.yaml admin.secret_id)."
  type        = list(string)
  default     = []
}

variable "mode" {
  description = "Bastion hosts: warm (one per VPC, stopped when unused; request → usable in seconds) or per-request (one per grant, terminated at revocation)."
  type        = string
  default     = "warm"

  validation {
    condition     = contains(["warm", "per-request"], var.mode)
    error_message = "mode must be warm or per-request."
  }
}

variable "vpc_id" {
  description = "VPC of the clusters; the hosts' security group (no ingress) is created in it."
  type        = string
}

variable "clusters" {
  description = "Clusters by bastion.yaml name: the subnet hosts are launched into (reaching the cluster and the SSM endpoints) and the cluster's writer endpoint."
  type = map(object({
    subnet   = string
    endpoint = string
    port     = optional(number, 3306)
  }))

  validation {
    condition     = alltrue([for c in values(var.clusters) : startswith(c.subnet, "subnet-")])
    error_message = "every cluster needs a subnet id (subnet-…)."
  }
}

variable "host_ami_ssm_parameter" {
  description = "SSM public parameter of the hosts' image (Amazon Linux 2023 ships the SSM agent)."
  type        = string
  default     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
}

variable "host_instance_type" {
  description = "Instance type of the hosts (arm64, matching the image)."
  type        = string
  default     = "t4g.nano"
}

variable "sweep_interval_minutes" {
  description = "Cadence of the periodic safety-net sweep (the one-time timers do the on-time work)."
  type        = number
  default     = 5

  validation {
    condition     = var.sweep_interval_minutes >= 1 && var.sweep_interval_minutes <= 60
    error_message = "sweep_interval_minutes must be 1–60."
  }
}

variable "retention_days" {
  description = "CloudWatch Logs retention of the function's log group."
  type        = number
  default     = 400

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.retention_days)
    error_message = "retention_days must be a CloudWatch Logs retention value."
  }
}

variable "alarm_emails" {
  description = "Addresses told when a revocation fails."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}
