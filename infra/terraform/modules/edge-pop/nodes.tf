# The nodes: a launch template (IMDSv2 only, encrypted root volume, the boot script) and an autoscaling group
# that replaces nodes failing the load balancer's health check and scales on CPU.

data "aws_ssm_parameter" "al2023" {
  count = var.ami_id == null ? 1 : 0
  name  = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${var.architecture}"
}

# The image SSM names at the first apply, kept: without the pin every newly published Amazon Linux image would be a
# new launch template version, and the instance refresh would roll every PoP at the next apply.
resource "terraform_data" "ami" {
  count = var.ami_id == null ? 1 : 0
  input = data.aws_ssm_parameter.al2023[0].insecure_value

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_cloudwatch_log_group" "node" {
  name              = local.log_group
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

locals {
  # With pull_image_from_own_region, an ECR image is pulled from this region's registry (ECR replication puts it
  # there), so that a node boots without reaching another region.
  image = var.pull_image_from_own_region ? replace(var.image, "/^([0-9]{12}\\.dkr\\.ecr\\.)[a-z0-9-]+(\\.amazonaws\\.com\\/)/", "$${1}${data.aws_region.current.name}$${2}") : var.image

  user_data = templatefile("${path.module}/templates/user_data.sh.tftpl", {
    pop                    = var.pop
    image                  = local.image
    region                 = data.aws_region.current.name
    log_group              = local.log_group
    state_dir              = local.state_dir
    disk_dir               = local.disk_dir
    traffic_port           = local.traffic_port
    published_ports        = join(" ", [for p in local.published_ports : "-p ${p}:${p}"])
    disk_cache_percent     = var.disk_cache_percent
    memory_cache_percent   = var.memory_cache_percent
    edge_token_secret_arn  = aws_secretsmanager_secret.edge_token.arn
    admin_token_secret_arn = aws_secretsmanager_secret.admin_token.arn
    tls_cert_dir           = local.tls_cert_dir
    egress_pool            = length(aws_eip.egress) == 0 ? "" : local.prefix
    node_args              = join(" ", [for a in local.node_args : "'${a}'"])
  })
}

resource "aws_launch_template" "node" {
  name_prefix            = "${local.prefix}-"
  description            = "edge-runtime ${var.role} node of PoP ${var.pop}"
  image_id               = var.ami_id != null ? var.ami_id : terraform_data.ami[0].output
  instance_type          = var.instance_type
  user_data              = base64encode(local.user_data)
  update_default_version = true
  tags                   = local.tags

  iam_instance_profile {
    arn = aws_iam_instance_profile.node.arn
  }

  network_interfaces {
    associate_public_ip_address = true
    security_groups             = [aws_security_group.node.id]
    delete_on_termination       = true
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  # The root volume holds the OS, the image and the state folder; the cache lives on the NVMe instance store.
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Name = "${local.prefix}-${var.role}" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = local.tags
  }
}

resource "aws_autoscaling_group" "node" {
  name                      = "${local.prefix}-${var.role}"
  min_size                  = var.min_size
  max_size                  = var.max_size
  vpc_zone_identifier       = local.subnet_ids
  target_group_arns         = [for group in aws_lb_target_group.node : group.arn]
  health_check_type         = "ELB"
  health_check_grace_period = 300
  default_instance_warmup   = 180
  termination_policies      = ["OldestLaunchTemplate", "OldestInstance"]

  launch_template {
    id      = aws_launch_template.node.id
    version = aws_launch_template.node.latest_version
  }

  # A new launch template version (image, args) rolls through the PoP keeping 90 % of nodes in service.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 90
      instance_warmup        = 180
    }
  }

  dynamic "tag" {
    for_each = local.tags
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  lifecycle {
    ignore_changes = [desired_capacity]
  }
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "${local.prefix}-cpu"
  autoscaling_group_name = aws_autoscaling_group.node.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = var.cpu_target_percent
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}
