variable "region" {
  description = "Region of the clusters and the engine."
  type        = string
  default     = "eu-west-1"
}

variable "lambda_zip" {
  description = "Zip with bootstrap (GOOS=linux GOARCH=arm64 go build -o bootstrap ./cmd/bastion-lambda) and bastion.yaml."
  type        = string
}

variable "vpc_id" {
  description = "The clusters' VPC."
  type        = string
}

variable "private_subnet" {
  description = "A private subnet reaching the cluster and the SSM endpoints."
  type        = string
}

variable "orders_endpoint" {
  description = "The orders cluster's writer endpoint."
  type        = string
}

variable "admin_secret_arns" {
  description = "The clusters' admin login secrets."
  type        = list(string)
  default     = []
}

variable "alarm_emails" {
  description = "Who is told when a revocation fails."
  type        = list(string)
  default     = []
}
