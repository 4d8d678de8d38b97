// File: version.h
// The project version. cmake/read-version.cmake parses these lines, so this
// header is the single source of truth until the C header takes that role.
#ifndef TRAILHUNT_VERSION_H_
#define TRAILHUNT_VERSION_H_

#define TRAILHUNT_VERSION_MAJOR 0
#define TRAILHUNT_VERSION_MINOR 1
#define TRAILHUNT_VERSION_PATCH 0
#define TRAILHUNT_VERSION_STRING "0.1.0"

#endif  // TRAILHUNT_VERSION_H_
