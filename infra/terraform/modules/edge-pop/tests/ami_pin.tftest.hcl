# The nodes' image is resolved once and then pinned: a newer Amazon Linux image published in SSM must not change the
# launch template (which would start an instance refresh of every PoP at the next apply). Applies against a mocked
# AWS provider: nothing reaches AWS.

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-central-1a", "eu-central-1b", "eu-central-1c"] }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-central-1" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_data "aws_ssm_parameter" {
    defaults = { insecure_value = "ami-0000000000000aaaa" }
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
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/cdn-fra1-node" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-central-1:123456789012:cdn-fra1-edge-alarms" }
  }
  mock_resource "aws_launch_template" {
    defaults = { id = "lt-0123456789abcdef0", latest_version = 1 }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-central-1:123456789012:log-group:/cdn/edge/fra1" }
  }
}

variables {
  pop                    = "fra1"
  role                   = "edge"
  control_plane_url      = "https://api.cdn.example.com"
  shield_url             = "http://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com"
  edge_token_secret_arn  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/control-plane/edge-token-AbCdEf"
  admin_token_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/control-plane/edge-admin-AbCdEf"
  image                  = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/edge-runtime:0.1.0"
}

run "first_apply_takes_the_current_image" {
  assert {
    condition     = aws_launch_template.node.image_id == "ami-0000000000000aaaa"
    error_message = "the first apply uses the image SSM names"
  }
}

run "a_newer_image_in_ssm_changes_nothing" {
  override_data {
    target = data.aws_ssm_parameter.al2023[0]
    values = { insecure_value = "ami-0000000000000bbbb" }
  }

  assert {
    condition     = aws_launch_template.node.image_id == "ami-0000000000000aaaa"
    error_message = "a newer image in SSM does not roll the PoP: the image stays pinned until ami_id changes"
  }
}

run "an_explicit_ami_id_wins" {
  variables {
    ami_id = "ami-0000000000000cccc"
  }

  assert {
    condition     = aws_launch_template.node.image_id == "ami-0000000000000cccc"
    error_message = "ami_id replaces the pinned image"
  }
}
