// Reads one record through the installed C++ API.
#include <cstdio>

#include "trailhunt/all.h"

int main() {
  auto event = trailhunt::Event::Parse(
      R"({"eventName":"ConsoleLogin","userIdentity":{"type":"IAMUser","userName":"bstoll"}})");
  if (!event.ok() || event->PrincipalName() != "bstoll") return 1;
  std::printf("installed trailhunt %s reads %s\n", TRAILHUNT_VERSION_STRING,
              std::string(*event->event_name()).c_str());
  return 0;
}
