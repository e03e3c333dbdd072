# Plan-only tests of the shield topology handed to platform-api (CDN_TOPOLOGY_BOOTSTRAP): nothing reaches AWS.

mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

variables {
  name            = "cdn"
  api_domain      = "api.cdn.example.com"
  portal_domain   = "portal.cdn.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  api_image       = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/platform-api:0.1.0"
  portal_image    = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/portal:0.1.0"
}

run "without_a_topology_the_api_owns_it" {
  command = plan

  assert {
    condition     = length([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e if e.name == "CDN_TOPOLOGY_BOOTSTRAP"]) == 0
    error_message = "no CDN_TOPOLOGY_BOOTSTRAP is expected when shield_topology is null"
  }
}

run "the_topology_is_rendered_as_the_api_document" {
  command = plan

  variables {
    shield_topology = [
      {
        name    = "eu-central-1"
        shields = [{ name = "shield-fra", url = "https://shield-fra.example.net" }]
        pops    = ["fra", "lhr"]
      },
      {
        name    = "us-east-1"
        shields = [{ name = "shield-iad", url = "http://10.1.1.10:8080" }]
        pops    = ["iad"]
      },
    ]
  }

  assert {
    condition = jsondecode(one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_TOPOLOGY_BOOTSTRAP"])) == {
      regions = [
        { name = "eu-central-1", shields = [{ name = "shield-fra", url = "https://shield-fra.example.net" }], pops = ["fra", "lhr"] },
        { name = "us-east-1", shields = [{ name = "shield-iad", url = "http://10.1.1.10:8080" }], pops = ["iad"] },
      ]
    }
    error_message = "CDN_TOPOLOGY_BOOTSTRAP must hold the topology as PUT /v1/topology takes it, regions in order"
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_ALLOWED_PRIVATE_ORIGINS"]) == ""
    error_message = "the topology is added to the environment, not in place of it"
  }
}

run "a_pop_in_two_regions_is_refused" {
  command = plan

  variables {
    shield_topology = [
      { name = "eu", shields = [{ name = "a", url = "http://a.example" }], pops = ["fra"] },
      { name = "us", shields = [{ name = "b", url = "http://b.example" }], pops = ["fra"] },
    ]
  }
  expect_failures = [var.shield_topology]
}

run "a_bad_region_or_url_is_refused" {
  command = plan

  variables {
    shield_topology = [{ name = "EU", shields = [{ name = "a", url = "ftp://a.example" }], pops = [] }]
  }
  expect_failures = [var.shield_topology]
}
