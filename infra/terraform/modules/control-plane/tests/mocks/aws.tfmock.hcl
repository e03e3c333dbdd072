# What the mocked AWS provider answers in every plan-only test of this module (nothing reaches AWS): the values the
# module reads at plan time, among them the login secret RDS manages (master_user_secret).

mock_data "aws_availability_zones" {
  defaults = { names = ["us-east-1a", "us-east-1b", "us-east-1c"] }
}
mock_data "aws_region" {
  defaults = { name = "us-east-1" }
}
mock_data "aws_caller_identity" {
  defaults = { account_id = "123456789012" }
}
mock_data "aws_iam_policy_document" {
  defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
}
mock_resource "aws_secretsmanager_secret" {
  defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/mock-AbCdEf" }
}
mock_resource "aws_db_instance" {
  defaults = {
    address            = "cdn-cp.abcdefghijkl.us-east-1.rds.amazonaws.com"
    master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0123-AbCdEf", kms_key_id = null, secret_status = "active" }]
  }
}
