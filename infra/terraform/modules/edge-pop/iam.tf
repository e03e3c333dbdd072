# The nodes' instance role: read their PoP's two secrets, claim an address of their PoP's egress pool, pull the image,
# write logs, and be reachable by SSM Session Manager (instead of SSH). Nothing else.

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "node" {
  name               = "${local.prefix}-node"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "node" {
  statement {
    sid       = "ReadEdgeSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.secrets_arns
  }

  dynamic "statement" {
    for_each = length(aws_eip.egress) == 0 ? [] : [1]
    content {
      sid       = "ClaimEgressAddress"
      actions   = ["ec2:AssociateAddress"]
      resources = aws_eip.egress[*].arn
    }
  }

  # AssociateAddress also names the instance: only this PoP's nodes (tagged by the autoscaling group).
  dynamic "statement" {
    for_each = length(aws_eip.egress) == 0 ? [] : [1]
    content {
      sid       = "ClaimForThisPopsNodes"
      actions   = ["ec2:AssociateAddress"]
      resources = ["arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:instance/*"]
      condition {
        test     = "StringEquals"
        variable = "aws:ResourceTag/Pop"
        values   = [var.pop]
      }
    }
  }

  # Describe calls cannot be scoped to resources (IAM has no resource type for them).
  dynamic "statement" {
    for_each = length(aws_eip.egress) == 0 ? [] : [1]
    content {
      sid       = "FindFreeEgressAddress"
      actions   = ["ec2:DescribeAddresses"]
      resources = ["*"]
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.node.arn}:*"]
  }

  dynamic "statement" {
    for_each = var.secrets_kms_key_arn == null ? [] : [var.secrets_kms_key_arn]
    content {
      sid       = "DecryptSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "node" {
  name   = "edge-node"
  role   = aws_iam_role.node.id
  policy = data.aws_iam_policy_document.node.json
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  ])

  role       = aws_iam_role.node.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "node" {
  name = "${local.prefix}-node"
  role = aws_iam_role.node.name
  tags = local.tags
}
