package dev.labhand.config;

/** A configuration file is wrong; the message names the file and the key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
