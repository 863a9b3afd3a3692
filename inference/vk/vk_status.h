// Turning VkResult codes into ponder::Error values with messages a user can act on.
#pragma once

#include "error.h"

#include <string>
#include <string_view>

#include <volk.h>

namespace ponder::vk {

// "VK_ERROR_DEVICE_LOST" etc.
std::string_view result_name(VkResult result);

// An Error for a failed call: "<what>: <explanation> (VK_ERROR_...)"; memory errors read
// "out of GPU memory: <what>", a lost device tells the user to restart the model.
Error vk_error(VkResult result, std::string_view what);

// Status of a call: ok for VK_SUCCESS, otherwise vk_error(result, what).
inline Status vk_check(VkResult result, std::string_view what) {
    if (result == VK_SUCCESS)
        return {};
    return vk_error(result, what);
}

} // namespace ponder::vk
