package io.coditect.platform.error;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's error page (web.xml): errors raised outside JAX-RS, such as an unknown path,
 * a refused authentication or a WebSocket upgrade that was turned down, leave as JSON too.
 */
@WebServlet(name = "ErrorPage", urlPatterns = "/error-page")
public class ErrorPageServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
        HttpErrors.Described described = HttpErrors.describe(status);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder()
                .add("error", described.code())
                .add("message", described.message())
                .build().toString());
    }
}
