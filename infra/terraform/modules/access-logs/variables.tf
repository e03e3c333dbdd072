variable "bucket_name" {
  description = "Name of the bucket (globally unique)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens."
  }
}

variable "prefix" {
  description = "Key prefix the load balancers write under (their access_logs prefix)."
  type        = string
}

variable "retention_days" {
  description = "Days after which access log objects expire."
  type        = number
  default     = 90

  validation {
    condition     = floor(var.retention_days) == var.retention_days && var.retention_days >= 1
    error_message = "retention_days must be a whole number of days, at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete a bucket that still holds logs."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags of the bucket."
  type        = map(string)
  default     = {}
}
