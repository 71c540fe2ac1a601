/**
 * The version of the stage/exporter contract this SDK describes.
 * A plugin declares the range it supports (`apiVersion` in its hook result); the host refuses a plugin
 * whose range does not include the host's version.
 */
export const API_VERSION = '1.4.0';
