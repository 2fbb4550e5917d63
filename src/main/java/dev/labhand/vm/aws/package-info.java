/**
 * The AWS EC2 {@link dev.labhand.vm.VmProvider}; the only package that imports the AWS SDK. {@code AwsVmProvider}
 * orchestrates, {@code LaunchSpec} derives the requests, {@code Ec2Session} waits and removes, {@code AwsErrors}
 * turns SDK exceptions into {@link dev.labhand.vm.CloudFailure}s and {@code AwsCommands} prints the same steps as
 * {@code aws ec2} commands. A new EC2 call goes through {@code AwsErrors.call} so no SDK exception escapes.
 */
package dev.labhand.vm.aws;
