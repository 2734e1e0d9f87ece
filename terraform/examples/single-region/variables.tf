variable "region" {
  description = "Region of the clusters, the buckets and the nightly task."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource."
  type        = string
  default     = "auroradoc"
}

variable "bucket_prefix" {
  description = "Prefix of the two bucket names (<prefix>-snapshots, <prefix>-site); bucket names are global."
  type        = string
}

variable "image" {
  description = "auroradoc image URI with tag or digest (with auroradoc.yaml at /etc/auroradoc/auroradoc.yaml)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the clusters."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the task."
  type        = list(string)
}

variable "database_cidr_blocks" {
  description = "CIDR blocks of the clusters."
  type        = list(string)
}

variable "office_cidrs" {
  description = "Addresses allowed to read the site (empty = no WAF)."
  type        = list(string)
  default     = []
}

variable "alarm_emails" {
  description = "Who gets the alarms."
  type        = list(string)
  default     = []
}

variable "repository" {
  description = "GitHub repository (owner/name) of the drift gate and the nightly trigger."
  type        = string
}
