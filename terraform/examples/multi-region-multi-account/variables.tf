variable "name" {
  description = "Name prefix of every resource."
  type        = string
  default     = "auroradoc"
}

variable "hub_region" {
  description = "Region of the hub account's store, site and nightly task."
  type        = string
  default     = "eu-west-1"
}

variable "regions" {
  description = "Regions crawled in every account (the regions: of auroradoc.yaml)."
  type        = list(string)
  default     = ["eu-west-1", "us-east-1"]
}

variable "payments_admin_role_arn" {
  description = "Role terraform assumes to create the crawler role in the payments account."
  type        = string
}

variable "analytics_admin_role_arn" {
  description = "Role terraform assumes to create the crawler role in the analytics account."
  type        = string
}

variable "external_id" {
  description = "sts:ExternalId the crawler roles require (aws.accounts[].external_id)."
  type        = string
  default     = null
  sensitive   = true
}

variable "bucket_prefix" {
  description = "Prefix of the two bucket names."
  type        = string
}

variable "image" {
  description = "auroradoc image URI with tag or digest."
  type        = string
}

variable "hub_vpc_id" {
  description = "VPC of the hub's nightly task (routes to every crawled VPC)."
  type        = string
}

variable "hub_private_subnet_ids" {
  description = "Private subnets of the hub's nightly task."
  type        = list(string)
}

variable "database_cidr_blocks" {
  description = "CIDR blocks of the clusters in every account and region."
  type        = list(string)
}

variable "alarm_emails" {
  description = "Who gets the alarms."
  type        = list(string)
  default     = []
}

variable "repository" {
  description = "GitHub repository (owner/name)."
  type        = string
}
