# Plan-only tests of the global-routing module against a mocked AWS provider: nothing reaches AWS.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_region" {
    defaults = { name = "us-west-2" }
  }
  mock_resource "aws_globalaccelerator_accelerator" {
    defaults = {
      id       = "arn:aws:globalaccelerator::123456789012:accelerator/00000000-0000-0000-0000-000000000000"
      dns_name = "a0123456789abcdef.awsglobalaccelerator.com"
    }
  }
  mock_resource "aws_route53_health_check" {
    defaults = { id = "abcdef01-2345-6789-abcd-ef0123456789" }
  }
  mock_resource "aws_globalaccelerator_listener" {
    defaults = { id = "arn:aws:globalaccelerator::123456789012:accelerator/00000000-0000-0000-0000-000000000000/listener/abcdef12" }
  }
}

variables {
  route53_zone_id = "Z0123456789ABCDEFGHIJ"
  record_name     = "edge.cdn.example.com"
  pops = {
    iad1 = {
      region            = "us-east-1"
      nlb_arn           = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/cdn-iad1-edge/1111"
      nlb_dns_name      = "cdn-iad1-edge-1111.elb.us-east-1.amazonaws.com"
      nlb_zone_id       = "Z26RNL4JYFTOTI"
      health_alarm_name = "cdn-iad1-edge-no-healthy-nodes"
      continent         = "NA"
    }
    fra1 = {
      region            = "eu-central-1"
      nlb_arn           = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/cdn-fra1-edge/2222"
      nlb_dns_name      = "cdn-fra1-edge-2222.elb.eu-central-1.amazonaws.com"
      nlb_zone_id       = "Z3F0SRJ5LGBH90"
      health_alarm_name = "cdn-fra1-edge-no-healthy-nodes"
      continent         = "EU"
    }
    sin1 = {
      region            = "ap-southeast-1"
      nlb_arn           = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:loadbalancer/net/cdn-sin1-edge/3333"
      nlb_dns_name      = "cdn-sin1-edge-3333.elb.ap-southeast-1.amazonaws.com"
      nlb_zone_id       = "ZKVM4W9LS7TM"
      health_alarm_name = "cdn-sin1-edge-no-healthy-nodes"
      continent         = "AS"
      traffic_dial      = 50
    }
  }
}

run "accelerator_and_latency_records_across_pops" {
  command = plan

  assert {
    condition     = length(aws_globalaccelerator_accelerator.this) == 1 && length(aws_globalaccelerator_endpoint_group.pop) == 3
    error_message = "one accelerator with an endpoint group per PoP"
  }
  assert {
    condition     = aws_globalaccelerator_endpoint_group.pop["fra1"].endpoint_group_region == "eu-central-1" && one(aws_globalaccelerator_endpoint_group.pop["fra1"].endpoint_configuration).endpoint_id == var.pops.fra1.nlb_arn
    error_message = "each endpoint group points at its PoP's load balancer in its region"
  }
  assert {
    condition     = aws_globalaccelerator_endpoint_group.pop["sin1"].traffic_dial_percentage == 50 && aws_globalaccelerator_endpoint_group.pop["iad1"].traffic_dial_percentage == 100
    error_message = "traffic dials reach the endpoint groups"
  }
  assert {
    condition     = length(aws_route53_record.latency) == 3 && length(aws_route53_record.geolocation) == 0
    error_message = "one latency record per PoP"
  }
  assert {
    condition     = one(aws_route53_record.latency["sin1"].latency_routing_policy).region == "ap-southeast-1" && aws_route53_record.latency["sin1"].set_identifier == "sin1"
    error_message = "latency records carry their PoP's region"
  }
  assert {
    condition     = length(aws_route53_health_check.pop) == 3 && aws_route53_health_check.pop["iad1"].cloudwatch_alarm_name == "cdn-iad1-edge-no-healthy-nodes" && aws_route53_health_check.pop["iad1"].cloudwatch_alarm_region == "us-east-1"
    error_message = "each PoP has a health check backed by its no-healthy-nodes alarm"
  }
  assert {
    condition     = one(aws_route53_record.latency["iad1"].alias).evaluate_target_health && aws_route53_record.latency["iad1"].health_check_id != null
    error_message = "records fail over on health"
  }
}

run "geolocation_records_with_a_default" {
  command = plan

  variables {
    dns_policy         = "geolocation"
    default_pop        = "iad1"
    enable_accelerator = false
  }

  assert {
    condition     = length(aws_route53_record.geolocation) == 3 && length(aws_route53_record.geolocation_default) == 1 && length(aws_route53_record.latency) == 0
    error_message = "one geolocation record per PoP plus a default"
  }
  assert {
    condition     = one(aws_route53_record.geolocation["fra1"].geolocation_routing_policy).continent == "EU"
    error_message = "geolocation records carry their PoP's continent"
  }
  assert {
    condition     = one(aws_route53_record.geolocation_default[0].alias).name == var.pops.iad1.nlb_dns_name
    error_message = "unmatched clients go to the default PoP"
  }
  assert {
    condition     = length(aws_globalaccelerator_accelerator.this) == 0 && output.accelerator_dns_name == null
    error_message = "no accelerator when disabled"
  }
}

run "accelerator_only_with_alias" {
  command = plan

  variables {
    dns_policy              = "none"
    accelerator_record_name = "anycast.cdn.example.com"
    listener_ports          = [80, 443]
  }

  assert {
    condition     = length(aws_route53_record.latency) == 0 && length(aws_route53_health_check.pop) == 0 && length(aws_route53_record.accelerator) == 1
    error_message = "only the accelerator and its alias"
  }
  assert {
    condition     = length(aws_globalaccelerator_listener.this[0].port_range) == 2
    error_message = "the accelerator listens on every given port"
  }
}

# ------------------------------------------------------------------ bad input fails at plan time

run "rejects_accelerator_outside_us_west_2" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = { name = "eu-west-1" }
  }

  expect_failures = [aws_globalaccelerator_accelerator.this]
}

run "rejects_empty_pops" {
  command = plan
  variables {
    pops = {}
  }
  expect_failures = [var.pops]
}

run "rejects_bad_region" {
  command = plan
  variables {
    pops = {
      fra1 = {
        region            = "Frankfurt"
        nlb_arn           = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/cdn-fra1-edge/2222"
        nlb_dns_name      = "cdn-fra1-edge-2222.elb.eu-central-1.amazonaws.com"
        nlb_zone_id       = "Z3F0SRJ5LGBH90"
        health_alarm_name = "cdn-fra1-edge-no-healthy-nodes"
      }
    }
  }
  expect_failures = [var.pops]
}

run "rejects_two_pops_in_one_region" {
  command = plan
  variables {
    pops = {
      fra1 = {
        region            = "eu-central-1"
        nlb_arn           = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/cdn-fra1-edge/2222"
        nlb_dns_name      = "cdn-fra1-edge-2222.elb.eu-central-1.amazonaws.com"
        nlb_zone_id       = "Z3F0SRJ5LGBH90"
        health_alarm_name = "cdn-fra1-edge-no-healthy-nodes"
      }
      fra2 = {
        region            = "eu-central-1"
        nlb_arn           = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/cdn-fra2-edge/4444"
        nlb_dns_name      = "cdn-fra2-edge-4444.elb.eu-central-1.amazonaws.com"
        nlb_zone_id       = "Z3F0SRJ5LGBH90"
        health_alarm_name = "cdn-fra2-edge-no-healthy-nodes"
      }
    }
  }
  expect_failures = [var.pops]
}

run "rejects_unknown_dns_policy" {
  command = plan
  variables {
    dns_policy = "round-robin"
  }
  expect_failures = [var.dns_policy]
}

run "rejects_geolocation_without_default" {
  command = plan
  variables {
    dns_policy = "geolocation"
  }
  expect_failures = [var.default_pop]
}

run "rejects_no_routing_at_all" {
  command = plan
  variables {
    dns_policy         = "none"
    enable_accelerator = false
  }
  expect_failures = [var.dns_policy]
}
