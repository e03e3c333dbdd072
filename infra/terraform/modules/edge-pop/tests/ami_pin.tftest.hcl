# The nodes' image is resolved once and then pinned: a newer Amazon Linux image published in SSM must not change the
# launch template (which would start an instance refresh of every PoP at the next apply). Applies against a mocked
# AWS provider: nothing reaches AWS.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  pop               = "fra1"
  role              = "edge"
  control_plane_url = "https://api.cdn.example.com"
  shield_url        = "https://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com:443"
  image             = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/edge-runtime:0.1.0"
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
