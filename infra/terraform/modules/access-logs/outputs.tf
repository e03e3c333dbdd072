output "bucket" {
  description = "Name of the bucket (the load balancers' access_logs bucket), once its policy lets them write."
  value       = aws_s3_bucket_policy.this.bucket
}

output "prefix" {
  description = "Key prefix the load balancers write under."
  value       = var.prefix
}

output "policy_statements" {
  description = "The bucket policy's statements, as written (for review and tests)."
  value       = data.aws_iam_policy_document.this.statement
}
