# Plan-only tests of the access-log bucket against a mocked AWS provider: nothing reaches AWS.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_elb_service_account" {
    defaults = { arn = "arn:aws:iam::127311923021:root" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::cdn-fra1-lb-logs-123456789012" }
  }
}

variables {
  bucket_name = "cdn-fra1-lb-logs-123456789012"
  prefix      = "cdn-fra1-edge"
}

run "bucket_is_private_encrypted_and_expires_logs" {
  command = plan

  assert {
    condition     = aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    error_message = "the bucket is never public"
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "logs are encrypted at rest with S3-managed keys (the only kind ALB log delivery supports)"
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.this.rule).expiration[0].days == 90 && one(aws_s3_bucket_lifecycle_configuration.this.rule).status == "Enabled"
    error_message = "log objects expire after retention_days (90 by default)"
  }
}

run "retention_is_a_variable" {
  command = plan
  variables {
    retention_days = 400
  }

  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.this.rule).expiration[0].days == 400
    error_message = "retention_days sets the expiry"
  }
}

run "only_elb_log_delivery_may_write_under_the_prefix" {
  command = plan

  assert {
    condition     = [for st in data.aws_iam_policy_document.this.statement : st.sid] == ["AlbLogDelivery", "ElbLogDeliveryService", "NlbLogDelivery", "NlbLogDeliveryAclCheck", "TlsOnly"]
    error_message = "the policy lets ELB log delivery in, denies plain HTTP, and nothing else"
  }
  assert {
    condition     = alltrue([for st in slice(data.aws_iam_policy_document.this.statement, 0, 3) : toset(st.actions) == toset(["s3:PutObject"]) && toset(st.resources) == toset(["arn:aws:s3:::cdn-fra1-lb-logs-123456789012/cdn-fra1-edge/AWSLogs/123456789012/*"])])
    error_message = "log delivery may only put objects under the load balancer's prefix and this account"
  }
  assert {
    condition = toset(flatten([for st in data.aws_iam_policy_document.this.statement : [for p in st.principals : p.identifiers] if st.effect != "Deny"])) == toset([
      "arn:aws:iam::127311923021:root", "logdelivery.elasticloadbalancing.amazonaws.com", "delivery.logs.amazonaws.com",
    ])
    error_message = "the writers are the regional ELB account (ALB, older regions), ELB's log delivery service and the log delivery service (NLB)"
  }
  assert {
    condition     = data.aws_iam_policy_document.this.statement[4].effect == "Deny" && one(data.aws_iam_policy_document.this.statement[4].condition).variable == "aws:SecureTransport"
    error_message = "requests without TLS are denied"
  }
}

run "rejects_bad_bucket_name" {
  command = plan
  variables {
    bucket_name = "CDN_Logs"
  }
  expect_failures = [var.bucket_name]
}
