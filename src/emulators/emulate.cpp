#include "emulators/emulate.hpp"

#include <cstdio>

#include "emulators/bigcommerce/emulator.hpp"
#include "emulators/custom/emulator.hpp"
#include "emulators/shopify/emulator.hpp"
#include "emulators/shoplazza/emulator.hpp"
#include "emulators/woocommerce/emulator.hpp"

namespace sb::emulators {

int run_emulate(const std::vector<std::string>& args) {
    const std::string platform = args.empty() ? "" : args[0];
    if (platform == "bigcommerce")
        return bigcommerce::run_cli({args.begin() + 1, args.end()});
    if (platform == "custom")
        return custom::run_cli({args.begin() + 1, args.end()});
    if (platform == "shopify")
        return shopify::run_cli({args.begin() + 1, args.end()});
    if (platform == "shoplazza")
        return shoplazza::run_cli({args.begin() + 1, args.end()});
    if (platform == "woocommerce")
        return woocommerce::run_cli({args.begin() + 1, args.end()});
    std::fprintf(stderr,
                 "storebridge: emulate: no emulator for '%s' (available: bigcommerce, custom, "
                 "shopify, shoplazza, woocommerce)\n",
                 platform.c_str());
    return 2;
}

}  // namespace sb::emulators
