# Values the mocked AWS provider returns in the edge-pop tests: ARNs and names of the shapes AWS validates.
mock_data "aws_availability_zones" {
  defaults = { names = ["eu-central-1a", "eu-central-1b", "eu-central-1c"] }
}
mock_data "aws_region" {
  defaults = { name = "eu-central-1" }
}
mock_data "aws_vpc" {
  defaults = { cidr_block = "172.31.0.0/16" }
}
mock_data "aws_iam_policy_document" {
  defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
}
mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/cdn-fra1-edge/0123456789"
    arn_suffix = "net/cdn-fra1-edge/0123456789"
    dns_name   = "cdn-fra1-edge-0123456789.elb.eu-central-1.amazonaws.com"
  }
}
mock_resource "aws_lb_target_group" {
  defaults = { arn = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/cdn-fra1-edge/0123456789" }
}
mock_resource "aws_iam_instance_profile" {
  defaults = { arn = "arn:aws:iam::123456789012:instance-profile/cdn-fra1-node" }
}
mock_resource "aws_cloudwatch_log_group" {
  defaults = { arn = "arn:aws:logs:eu-central-1:123456789012:log-group:/cdn/edge/fra1" }
}
mock_resource "aws_sns_topic" {
  defaults = { arn = "arn:aws:sns:eu-central-1:123456789012:cdn-fra1-edge-alarms" }
}
mock_resource "aws_launch_template" {
  defaults = { id = "lt-0123456789abcdef0", latest_version = 1 }
}
mock_data "aws_ssm_parameter" {
  defaults = { insecure_value = "ami-0000000000000aaaa" }
}
mock_resource "aws_eip" {
  defaults = {
    arn       = "arn:aws:ec2:eu-central-1:123456789012:elastic-ip/eipalloc-0123456789abcdef0"
    public_ip = "198.51.100.10"
  }
}
mock_resource "aws_secretsmanager_secret" {
  defaults = { arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/secret-AbCdEf" }
}
mock_data "aws_caller_identity" {
  defaults = { account_id = "123456789012" }
}
mock_data "aws_partition" {
  defaults = { partition = "aws" }
}
mock_data "aws_elb_service_account" {
  defaults = { arn = "arn:aws:iam::054676820928:root" }
}
